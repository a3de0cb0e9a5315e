/// Why a forge call failed. Every case says what to do; none carries the token.
public enum ForgeError: Error, Sendable, Equatable {
  case unauthorized(String)
  case forbidden(String)
  case notFound(String)
  case unprocessable(String)
  /// The API's rate limit is spent until `resetAt` (seconds since 1970), when known.
  case rateLimited(resetAt: Int64?)
  case network(method: String, url: String, message: String)
  case unexpected(status: Int, message: String)
  case missingToken(variable: String)

  public var message: String {
    switch self {
    case .unauthorized(let m): "the forge refused the token (401): \(m); check that it is valid and not expired"
    case .forbidden(let m): "the token may not do this (403): \(m); it needs write access to pull requests and contents"
    case .notFound(let m): "not found (404): \(m); check the repository (or project) and the API address"
    case .unprocessable(let m): "the forge refused the request (422): \(m)"
    case .rateLimited(let reset):
      "the forge's API rate limit is spent" + (reset.map { " until \($0) (seconds since 1970)" } ?? "") + "; run again after that"
    case .network(let method, let url, let m): "\(method) \(url) failed: \(m)"
    case .unexpected(let status, let m): "unexpected answer \(status): \(m)"
    case .missingToken(let v): "no token: set \(v) to a token that may open pull requests"
    }
  }
}
