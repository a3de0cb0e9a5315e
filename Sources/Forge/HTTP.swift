import Foundation
import JSONWriting

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP exchange with a forge's REST API, through URLSession (libcurl on Linux). Synchronous:
/// a promotion makes a handful of calls, one after the other.
struct HTTP: Sendable {
  struct Response: Sendable {
    var status: Int
    var headers: [String: String]
    var body: Data
  }

  var timeout: TimeInterval = 30

  /// A JSON call to a forge's REST API: the body written by `JSONWriting`, a status outside 2xx a
  /// `ForgeError` naming the call (without its query or the token).
  func call(_ method: String, _ address: String, _ body: JSON?, headers: [String: String]) throws(ForgeError) -> Data {
    guard let url = URL(string: address) else { throw .unexpected(status: 0, message: "invalid API address \(address.prefix { $0 != "?" })") }
    let all = headers.merging(["Content-Type": "application/json", "User-Agent": "paved"]) { mine, _ in mine }
    let response = try send(method, url, headers: all, body: body.map { Data($0.rendered(pretty: false).utf8) })
    try ForgeStatus.check(response, "\(method) \(url.path)")
    return response.body
  }

  func send(_ method: String, _ url: URL, headers: [String: String], body: Data?) throws(ForgeError) -> Response {
    var request = URLRequest(url: url, timeoutInterval: timeout)
    request.httpMethod = method
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    request.httpBody = body
    final class Box: @unchecked Sendable {
      var response: Response?
      var failure: String?
    }
    let box = Box()
    let done = DispatchSemaphore(value: 0)
    let session = URLSession(configuration: .ephemeral)
    session.dataTask(with: request) { data, response, error in
      if let error {
        box.failure = error.localizedDescription
      } else if let http = response as? HTTPURLResponse {
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields { fields[String(describing: key).lowercased()] = String(describing: value) }
        box.response = Response(status: http.statusCode, headers: fields, body: data ?? Data())
      } else {
        box.failure = "no HTTP response"
      }
      done.signal()
    }.resume()
    done.wait()
    session.finishTasksAndInvalidate()
    guard let response = box.response else { throw .network(method: method, url: url.absoluteString, message: box.failure ?? "unknown failure") }
    return response
  }
}
