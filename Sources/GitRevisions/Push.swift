import CLibGit2

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How to push a branch.
public struct PushOptions: Sendable, Hashable {
  /// Name of the branch on the remote; nil means the same name as the local branch.
  public var remoteBranch: String?
  /// Overwrite the remote branch even when the push is not a fast-forward.
  public var force: Bool
  /// Environment variable holding the HTTPS token (used as the password). Never logged.
  public var tokenEnvironmentVariable: String
  /// User name sent with the token when the URL names none (GitHub and GitLab accept any non-empty name).
  public var username: String
  /// With `force`, a lease by content: the remote branch is replaced only when it is absent, or its
  /// tip's message has a line starting with this text, i.e. a commit the same tool made for the same
  /// purpose. Otherwise someone else's commits are there, and the push fails with `.conflict`
  /// before anything is sent. The remote's tip is fetched first, so a fresh clone can tell.
  public var replaceOnlyTipsWithLine: String?

  /// Creates options; defaults: same branch name, no force, token from `PAVED_GIT_TOKEN`.
  public init(
    remoteBranch: String? = nil, force: Bool = false,
    tokenEnvironmentVariable: String = "PAVED_GIT_TOKEN", username: String = "x-access-token",
    replaceOnlyTipsWithLine: String? = nil
  ) {
    self.remoteBranch = remoteBranch
    self.force = force
    self.tokenEnvironmentVariable = tokenEnvironmentVariable
    self.username = username
    self.replaceOnlyTipsWithLine = replaceOnlyTipsWithLine
  }
}

/// What `Repository.push` sent.
public struct PushResult: Sendable, Hashable {
  /// The remote as given (name or URL), with any credentials in it removed.
  public let remote: String
  /// The full remote reference that was updated (e.g. `refs/heads/main`).
  public let remoteReference: String
  /// Full hex SHA the remote branch now points at.
  public let sha: String
}

extension Repository {
  /// Pushes local `branch` to `remote`: a configured remote's name (`origin`) or a URL
  /// (a file path, `file://`, `git://`, `https://`).
  ///
  /// For HTTPS the password is the token in `options.tokenEnvironmentVariable`, given to libgit2
  /// through a credentials callback, tried once. The token never appears in the thrown
  /// `GitError` (it and any credentials in URLs are scrubbed from libgit2's messages).
  /// Errors: `.notFound` (no such local branch), `.conflict` (not a fast-forward, or the
  /// remote rejected the update), `.auth`, `.network`.
  public func push(branch: String, to remote: String, options: PushOptions = PushOptions()) throws(GitError)
    -> PushResult
  {
    let token = getenv(options.tokenEnvironmentVariable).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
    let secrets = token.map { [$0] } ?? []
    let localRef = "refs/heads/\(branch)"
    let remoteRef = "refs/heads/\(options.remoteBranch ?? branch)"
    let shownRemote = Scrubber.scrub(remote, secrets: secrets)

    return try handle.withRepository { repo throws(GitError) in
      guard let tip = try Repository.branchTip(repo, localRef) else {
        throw GitError(kind: .notFound, message: "no local branch '\(branch)'")
      }
      var valid: Int32 = 0
      try check(git_reference_name_is_valid(&valid, remoteRef), "cannot check '\(remoteRef)'")
      guard valid != 0 else { throw GitError(kind: .invalidSpec, message: "invalid remote branch '\(remoteRef)'") }

      let gitRemote = try Repository.openRemote(repo, remote, secrets: secrets)
      let payload = PushPayload(token: token, username: options.username, variable: options.tokenEnvironmentVariable)
      if let line = options.replaceOnlyTipsWithLine, options.force {
        try Repository.fetchTip(gitRemote, remoteRef, payload: payload, shownRemote: shownRemote, secrets: secrets)
        payload.credentialAttempts = 0
        payload.lease = PushPayload.Lease(repo: repo, reference: remoteRef, line: line)
      }
      var pushOptions = git_push_options()
      try check(git_push_options_init(&pushOptions, UInt32(GIT_PUSH_OPTIONS_VERSION)), "cannot set up push")
      pushOptions.callbacks.credentials = pushCredentials
      pushOptions.callbacks.push_update_reference = pushUpdateReference
      pushOptions.callbacks.push_negotiation = pushNegotiation
      pushOptions.callbacks.payload = Unmanaged.passUnretained(payload).toOpaque()

      let refspec = (options.force ? "+" : "") + "\(localRef):\(remoteRef)"
      let code = withExtendedLifetime(payload) {
        withStringArray([refspec]) { array in git_remote_push(gitRemote.raw, &array, &pushOptions) }
      }
      if let moved = payload.lease?.refused {
        throw GitError(
          kind: .conflict,
          message: "\(remoteRef) on '\(shownRemote)' holds commits this push would discard: its tip is \(moved)", secrets: secrets)
      }
      try check(code, "cannot push '\(branch)' to '\(shownRemote)'", secrets: secrets)
      if let rejection = payload.rejections.first {
        throw GitError(
          kind: .conflict,
          message: "'\(shownRemote)' rejected \(rejection.reference): \(rejection.status)",
          secrets: secrets)
      }
      return PushResult(remote: shownRemote, remoteReference: remoteRef, sha: tip.id.hex)
    }
  }

  /// Fetches the remote's `reference` (its objects only: no local reference or FETCH_HEAD changes),
  /// so its tip can be read; nothing when the remote has no such reference.
  fileprivate static func fetchTip(_ remote: OwnedRemote, _ reference: String, payload: PushPayload, shownRemote: String, secrets: [String])
    throws(GitError)
  {
    var fetchOptions = git_fetch_options()
    try check(git_fetch_options_init(&fetchOptions, UInt32(GIT_FETCH_OPTIONS_VERSION)), "cannot set up fetch")
    fetchOptions.callbacks.credentials = pushCredentials
    fetchOptions.callbacks.payload = Unmanaged.passUnretained(payload).toOpaque()
    fetchOptions.update_fetchhead = 0
    fetchOptions.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
    let code = withExtendedLifetime(payload) {
      withStringArray([reference]) { array in git_remote_fetch(remote.raw, &array, &fetchOptions, nil) }
    }
    try check(code, "cannot read \(reference) on '\(shownRemote)'", secrets: secrets)
  }

  /// A configured remote by name, or an anonymous remote for a URL or path.
  static func openRemote(_ repo: OpaquePointer, _ remote: String, secrets: [String]) throws(GitError) -> OwnedRemote {
    var valid: Int32 = 0
    var pointer: OpaquePointer?
    if git_remote_name_is_valid(&valid, remote) == 0, valid != 0 {
      let code = git_remote_lookup(&pointer, repo, remote)
      if code == 0, let pointer { return OwnedRemote(pointer) }
      if code != GIT_ENOTFOUND.rawValue { try check(code, "cannot read remote", secrets: secrets) }
    }
    try check(git_remote_create_anonymous(&pointer, repo, remote), "invalid remote", secrets: secrets)
    return OwnedRemote(try produced(pointer, "remote"))
  }
}

/// State shared with the libgit2 callbacks of one push.
private final class PushPayload {
  let token: String?
  let username: String
  let variable: String
  var credentialAttempts = 0
  var rejections: [(reference: String, status: String)] = []
  var lease: Lease?

  /// What the remote reference may hold for a forced push to replace it, and what it held when not.
  struct Lease {
    let repo: OpaquePointer
    let reference: String
    let line: String
    /// The remote's tip, described, when it was someone else's.
    var refused: String?

    /// Whether the remote tip `id` (all zeros: no reference) may be replaced.
    mutating func allows(_ id: git_oid) -> Bool {
      var tip = id
      if git_oid_is_zero(&tip) != 0 { return true }
      var raw: OpaquePointer?
      guard git_commit_lookup(&raw, repo, &tip) == 0, let raw else {
        refused = "\(ObjectID(tip).hex.prefix(7)), which could not be read"
        return false
      }
      let commit = OwnedCommit(raw)
      let message = git_commit_message(commit.raw).map { String(cString: $0) } ?? ""
      if message.split(separator: "\n").contains(where: { $0.hasPrefix(line) }) { return true }
      let info = CommitInfo(commit)
      refused = "\(info.shortSHA) \"\(info.summary)\" by \(info.authorName) <\(info.authorEmail)>"
      return false
    }
  }

  init(token: String?, username: String, variable: String) {
    self.token = token
    self.username = username
    self.variable = variable
  }
}

/// libgit2 credentials callback: the token from the environment as a user/password pair, once.
private func pushCredentials(
  _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>?, _ url: UnsafePointer<CChar>?, _ usernameFromURL: UnsafePointer<CChar>?,
  _ allowedTypes: UInt32, _ rawPayload: UnsafeMutableRawPointer?
) -> Int32 {
  guard let rawPayload, let out else { return GIT_PASSTHROUGH.rawValue }
  let payload = Unmanaged<PushPayload>.fromOpaque(rawPayload).takeUnretainedValue()
  guard allowedTypes & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0 else {
    git_error_set_str(GIT_ERROR_NET.rawValue.int32, "the remote asks for credentials other than a token (e.g. an SSH key)")
    return GIT_EAUTH.rawValue
  }
  guard let token = payload.token else {
    git_error_set_str(
      GIT_ERROR_NET.rawValue.int32, "the remote requires authentication: set \(payload.variable) to a token")
    return GIT_EAUTH.rawValue
  }
  payload.credentialAttempts += 1
  guard payload.credentialAttempts == 1 else {
    git_error_set_str(
      GIT_ERROR_NET.rawValue.int32, "the remote rejected the token in \(payload.variable)")
    return GIT_EAUTH.rawValue
  }
  let user = usernameFromURL.map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? payload.username
  return git_credential_userpass_plaintext_new(out, user, token)
}

/// libgit2 push-status callback: records references the remote refused.
private func pushUpdateReference(
  _ reference: UnsafePointer<CChar>?, _ status: UnsafePointer<CChar>?, _ rawPayload: UnsafeMutableRawPointer?
) -> Int32 {
  guard let status, let rawPayload else { return 0 }
  let payload = Unmanaged<PushPayload>.fromOpaque(rawPayload).takeUnretainedValue()
  payload.rejections.append((reference.map { String(cString: $0) } ?? "?", String(cString: status)))
  return 0
}

/// libgit2 push-negotiation callback: with a lease, refuses (before anything is sent) to replace a
/// remote tip that is someone else's.
private func pushNegotiation(
  _ updates: UnsafeMutablePointer<UnsafePointer<git_push_update>?>?, _ count: Int, _ rawPayload: UnsafeMutableRawPointer?
) -> Int32 {
  guard let rawPayload, let updates else { return 0 }
  let payload = Unmanaged<PushPayload>.fromOpaque(rawPayload).takeUnretainedValue()
  guard payload.lease != nil else { return 0 }
  for index in 0..<count {
    guard let update = updates[index]?.pointee, let destination = update.dst_refname else { continue }
    guard String(cString: destination) == payload.lease?.reference else { continue }
    if payload.lease?.allows(update.src) == false {
      git_error_set_str(GIT_ERROR_REFERENCE.rawValue.int32, "the remote branch holds commits this push would discard")
      return GIT_EUSER.rawValue
    }
  }
  return 0
}

/// Runs `body` with a `git_strarray` of copies of `strings`, freed afterwards.
private func withStringArray<T>(_ strings: [String], _ body: (inout git_strarray) -> T) -> T {
  var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
  defer { for pointer in pointers { free(pointer) } }
  return pointers.withUnsafeMutableBufferPointer { buffer in
    var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
    return body(&array)
  }
}

extension UInt32 {
  fileprivate var int32: Int32 { Int32(bitPattern: self) }
}
