import CLibGit2

/// A failure reported by git (libgit2) or by this module's checks, as a value.
///
/// The message is libgit2's own (`git_error_last()`), with any secret this module
/// knows about (push tokens, credentials embedded in URLs) scrubbed out.
public struct GitError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What went wrong, in the terms callers branch on.
  public enum Kind: Sendable, Equatable {
    /// The repository, revision, path or reference does not exist.
    case notFound
    /// A short SHA or name matches more than one object.
    case ambiguous
    /// The revision spec, reference name or path is malformed.
    case invalidSpec
    /// A reference moved under us, already exists, or a push was not a fast-forward.
    case conflict
    /// The remote refused the credentials, or none were available.
    case auth
    /// The remote could not be reached or the transport failed.
    case network
    /// Anything else.
    case other
  }

  /// What went wrong.
  public let kind: Kind
  /// libgit2's error class (`git_error_t`, e.g. 3 = reference), or 0 when the error is not libgit2's.
  public let errorClass: Int32
  /// libgit2's return code (`git_error_code`, e.g. -3 = not found), or 0 when the error is not libgit2's.
  public let code: Int32
  /// Human-readable explanation, scrubbed of secrets.
  public let message: String

  /// Creates an error from its parts; `message` is scrubbed of `secrets` and URL credentials.
  public init(kind: Kind, message: String, code: Int32 = 0, errorClass: Int32 = 0, secrets: [String] = []) {
    self.kind = kind
    self.code = code
    self.errorClass = errorClass
    self.message = Scrubber.scrub(message, secrets: secrets)
  }

  public var description: String {
    if code == 0 && errorClass == 0 { return "git: \(message)" }
    return "git: \(message) (libgit2 code \(code), class \(errorClass))"
  }

  /// The error for a failed libgit2 call: its code plus `git_error_last()`.
  ///
  /// Must be called on the thread that made the failing call, before any other libgit2 call.
  static func libgit2(code: Int32, context: String? = nil, secrets: [String] = []) -> GitError {
    var text = "libgit2 error \(code)"
    var klass: Int32 = 0
    if let last = git_error_last() {
      klass = last.pointee.klass
      if let cMessage = last.pointee.message { text = String(cString: cMessage) }
    }
    if let context { text = "\(context): \(text)" }
    return GitError(
      kind: kind(code: code, errorClass: klass), message: text, code: code, errorClass: klass,
      secrets: secrets)
  }

  /// Maps a libgit2 code and class to a kind.
  static func kind(code: Int32, errorClass: Int32) -> Kind {
    switch code {
    case GIT_ENOTFOUND.rawValue, GIT_EUNBORNBRANCH.rawValue: return .notFound
    case GIT_EAMBIGUOUS.rawValue: return .ambiguous
    case GIT_EINVALIDSPEC.rawValue, GIT_EINVALID.rawValue: return .invalidSpec
    case GIT_ENONFASTFORWARD.rawValue, GIT_ECONFLICT.rawValue, GIT_EEXISTS.rawValue,
      GIT_EMODIFIED.rawValue, GIT_ELOCKED.rawValue, GIT_EMERGECONFLICT.rawValue:
      return .conflict
    case GIT_EAUTH.rawValue: return .auth
    case GIT_ECERTIFICATE.rawValue: return .network
    default: break
    }
    switch UInt32(bitPattern: errorClass) {
    case GIT_ERROR_NET.rawValue, GIT_ERROR_SSL.rawValue, GIT_ERROR_HTTP.rawValue, GIT_ERROR_SSH.rawValue:
      return .network
    default: return .other
    }
  }
}

/// Throws the libgit2 error for a negative return code; returns non-negative codes unchanged.
@discardableResult
func check(_ code: Int32, _ context: @autoclosure () -> String? = nil, secrets: [String] = []) throws(GitError)
  -> Int32
{
  if code < 0 { throw GitError.libgit2(code: code, context: context(), secrets: secrets) }
  return code
}

/// Removes secrets from text that may reach users, logs or CI output.
enum Scrubber {
  /// Replaces each non-empty secret with `***` and drops the user-info part of URLs (`scheme://user:pass@`).
  static func scrub(_ text: String, secrets: [String]) -> String {
    var result = text
    for secret in secrets where !secret.isEmpty {
      result = result.replacingAll(secret, with: "***")
    }
    return stripURLCredentials(result)
  }

  /// `https://user:token@host/x` → `https://***@host/x`.
  static func stripURLCredentials(_ text: String) -> String {
    var out = ""
    var rest = Substring(text)
    while let range = rest.range(of: "://") {
      out += rest[..<range.upperBound]
      rest = rest[range.upperBound...]
      let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == " " || $0 == "'" || $0 == "\"" }) ?? rest.endIndex
      if let at = rest[..<authorityEnd].lastIndex(of: "@") {
        out += "***"
        rest = rest[at...]
      }
    }
    out += rest
    return out
  }
}

extension StringProtocol {
  /// Occurrences of `needle` replaced, without Foundation.
  fileprivate func replacingAll(_ needle: String, with replacement: String) -> String {
    var out = ""
    var rest = Substring(self)
    while let range = rest.range(of: needle) {
      out += rest[..<range.lowerBound]
      out += replacement
      rest = rest[range.upperBound...]
    }
    out += rest
    return out
  }

  fileprivate func range(of needle: String) -> Range<Index>? {
    let n = Array(needle.utf8)
    guard !n.isEmpty else { return nil }
    var index = startIndex
    while index < endIndex {
      if self[index...].utf8.starts(with: n) {
        let end = self.utf8.index(index, offsetBy: n.count)
        return index..<end
      }
      index = self.index(after: index)
    }
    return nil
  }
}
