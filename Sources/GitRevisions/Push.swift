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

  /// Creates options; defaults: same branch name, no force, token from `PAVED_GIT_TOKEN`.
  public init(
    remoteBranch: String? = nil, force: Bool = false,
    tokenEnvironmentVariable: String = "PAVED_GIT_TOKEN", username: String = "x-access-token"
  ) {
    self.remoteBranch = remoteBranch
    self.force = force
    self.tokenEnvironmentVariable = tokenEnvironmentVariable
    self.username = username
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
      var pushOptions = git_push_options()
      try check(git_push_options_init(&pushOptions, UInt32(GIT_PUSH_OPTIONS_VERSION)), "cannot set up push")
      pushOptions.callbacks.credentials = pushCredentials
      pushOptions.callbacks.push_update_reference = pushUpdateReference
      pushOptions.callbacks.payload = Unmanaged.passUnretained(payload).toOpaque()

      let refspec = (options.force ? "+" : "") + "\(localRef):\(remoteRef)"
      let code = withExtendedLifetime(payload) {
        withStringArray([refspec]) { array in git_remote_push(gitRemote.raw, &array, &pushOptions) }
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
