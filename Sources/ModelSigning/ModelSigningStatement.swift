import Diagnostics
import ModelArtifacts

/// The in-toto statement (v1) with the OpenSSF model-signing predicate (`signature/v1.0`).
public struct ModelSigningStatement: Sendable, Hashable {
  /// The only predicate type accepted (the pre-1.0 `Digests/v0.1` form is rejected).
  public static let predicateType = "https://model_signing/signature/v1.0"
  /// The only statement type accepted.
  public static let statementType = "https://in-toto.io/Statement/v1"

  /// One signed file.
  public struct Resource: Sendable, Hashable {
    /// Relative POSIX name (`"."` for a single-file model).
    public var name: String
    /// Lower-case hex SHA-256.
    public var digest: String
  }

  /// The subject's SHA-256 (the root digest), lower-case hex.
  public var rootDigest: String
  /// Signed files, in the order listed (which defines the root digest).
  public var resources: [Resource]
  /// Paths the signer ignored (matched by component prefix).
  public var ignorePaths: [String]

  /// Parses the statement bytes; throws `signature.statement.*` failures.
  public static func parse(_ bytes: [UInt8]) throws(Diagnostic) -> ModelSigningStatement {
    func fail(_ code: DiagnosticCode, _ message: String) -> Diagnostic {
      .error(code, message)
    }
    // A duplicate key (a second `subject`, a second digest) is an error.
    let root = try strictObject(
      bytes, codes: .init(invalid: .signatureStatementInvalidJSON, duplicateKey: .signatureStatementDuplicateKey),
      malformed: .signatureStatementMalformed,
      what: "payload")
    guard root["_type"]?.stringValue == statementType else { throw fail(.signatureStatementType, "_type must be \(statementType)") }
    guard root["predicateType"]?.stringValue == predicateType else {
      throw fail(.signatureStatementPredicateType, "predicateType must be \(predicateType)")
    }
    guard let subjects = root["subject"]?.arrayValue, subjects.count == 1, subjects[0].isObject,
      let digest = subjects[0]["digest"]?["sha256"]?.stringValue, isHexDigest(digest)
    else { throw fail(.signatureStatementSubject, "expected exactly one subject with a sha256 digest") }
    guard let predicate = root["predicate"], predicate.isObject, let serialization = predicate["serialization"], serialization.isObject
    else { throw fail(.signatureStatementMalformed, "predicate.serialization is missing") }
    guard serialization["method"]?.stringValue == "files" else {
      throw fail(
        .signatureStatementUnsupported,
        "serialization method \(serialization["method"].map { $0.stringValue ?? $0.kind } ?? "missing") is not supported (only files)")
    }
    guard serialization["hash_type"]?.stringValue == "sha256" else { throw fail(.signatureStatementUnsupported, "hash_type must be sha256") }
    let ignoreValues = serialization["ignore_paths"]?.arrayValue ?? []
    let ignore = ignoreValues.allSatisfy { $0.stringValue != nil } ? ignoreValues.compactMap(\.stringValue) : []
    guard let list = predicate["resources"]?.arrayValue else { throw fail(.signatureStatementMalformed, "predicate.resources is missing") }
    var resources: [Resource] = []
    for item in list {
      guard item.isObject, let name = item["name"]?.stringValue, let hex = item["digest"]?.stringValue, isHexDigest(hex),
        (item["algorithm"].map { $0.stringValue ?? "" } ?? "sha256") == "sha256"
      else { throw fail(.signatureStatementMalformed, "a resource lacks a name or a sha256 digest") }
      resources.append(Resource(name: name, digest: hex.lowercased()))
    }
    return ModelSigningStatement(rootDigest: digest.lowercased(), resources: resources, ignorePaths: ignore)
  }

  static func isHexDigest(_ text: String) -> Bool {
    text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) || (0x41...0x46).contains($0) }
  }
}
