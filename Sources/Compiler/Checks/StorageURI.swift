/// Per-scheme shape of a model artifact URI, as KServe's storage-initializer parses it
/// (`python/kserve/kserve/storage/storage.py`): what it would fail on at pod start, caught at review.
enum StorageURI {
  /// The problem with `<scheme>://<rest>` and the form expected, or nil when it is well-formed.
  static func problem(scheme: String, rest: String) -> (String, String)? {
    let segments = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    let first = segments[0]
    switch scheme {
    case "s3", "gs":
      let form = "\(scheme)://<bucket>/<path>"
      if !isBucket(first) {
        return ("'\(first)' is not a valid bucket name", form + " with a bucket of 3-63 lower-case letters, digits, '-' and '.'")
      }
      if segments.dropFirst().contains(where: \.isEmpty) && segments.count > 2 { return ("the path has an empty segment", form) }
    case "hf":
      // hf://<owner>/<model>[:<revision>]: exactly one '/', KServe splits the revision off at ':'.
      let form = "hf://<owner>/<model>[:<revision>], e.g. hf://meta-llama/Llama-3.1-8B:main"
      guard segments.count == 2 else { return ("a Hugging Face URI names exactly one repository (owner/model)", form) }
      let parts = segments[1].split(separator: ":", omittingEmptySubsequences: false)
      guard parts.count <= 2 else { return ("more than one ':' in the model", form) }
      if !isHubName(first) { return ("'\(first)' is not a Hugging Face owner name", form) }
      if !isHubName(String(parts[0])) { return ("'\(parts[0])' is not a Hugging Face model name", form) }
      if parts.count == 2 && parts[1].isEmpty { return ("the revision after ':' is empty", form) }
    case "pvc":
      let form = "pvc://<claim>/<path>"
      if !isLabel(first) { return ("'\(first)' is not a PersistentVolumeClaim name", form) }
    case "oci":
      let form = "oci://<registry>/<repository>[:<tag>|@sha256:<digest>]"
      guard segments.count >= 2, !first.isEmpty, !segments.contains(where: \.isEmpty) else {
        return ("an OCI reference needs a registry and a repository", form)
      }
    case "https":
      let form = "https://<host>/<path>"
      guard !first.isEmpty, !first.contains("@") else { return ("the URI has no host (or carries credentials)", form) }
    default:
      break
    }
    return nil
  }

  static func isBucket(_ s: String) -> Bool {
    (3...63).contains(s.utf8.count) && s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 46 || $0 == 95 }
      && s.first != "-" && s.last != "-" && s.first != "." && s.last != "."
  }

  /// Hub owner and repository names: letters, digits, '-', '_', '.', at most 96 characters.
  static func isHubName(_ s: String) -> Bool {
    (1...96).contains(s.utf8.count)
      && s.utf8.allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 46 || $0 == 95 }
      && !s.hasPrefix("-") && !s.hasPrefix(".")
  }

  static func isLabel(_ s: String) -> Bool { DNS.isLabel(s) }
}
