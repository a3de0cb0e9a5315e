import Foundation
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
