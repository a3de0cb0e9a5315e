import Diagnostics
import Foundation
import ModelArtifacts
import ModelSigning

/// Deterministic JSON (sorted keys) for `paved model` outputs; every document has `formatVersion`.
public enum JSONOutput {
  /// Version of the `paved model` JSON shapes.
  public static let formatVersion = 1

  static func render(_ object: [String: Any]) -> String {
    var document = object
    document["formatVersion"] = formatVersion
    let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  static func tensor(_ t: TensorSpec) -> [String: Any] {
    ["name": t.name, "dtype": t.dtype.description, "shape": t.shape.map { $0.map(dim) } ?? NSNull()]
  }

  static func dim(_ d: Dim) -> Any {
    switch d {
    case .fixed(let n): n
    case .unknown: -1
    case .symbolic(let s): s
    }
  }

  static func value(_ v: MetadataValue) -> Any {
    switch v {
    case .string(let s): s
    case .int(let i): i
    case .uint(let u): u <= UInt64(Int64.max) ? Int64(u) : "\(u)"
    case .float(let f): f.isFinite ? f : "\(f)"
    case .bool(let b): b
    case .array(let items): items.map(value)
    case .arraySummary(let type, let count): ["elementType": type, "count": count]
    }
  }

  static func diagnostic(_ d: Diagnostic) -> [String: Any] {
    var item: [String: Any] = ["severity": d.severity.rawValue, "code": d.code.rawValue, "summary": d.summary, "notes": d.notes.map(\.message)]
    if let r = d.range {
      item["file"] = r.start.file
      item["line"] = r.start.line
      item["column"] = r.start.column
    }
    return item
  }

  /// The artifact half shared by `inspect` and `validate`.
  static func description(_ d: ModelDescription) -> [String: Any] {
    [
      "path": d.path, "format": d.facts.format.rawValue, "formats": d.formats, "singleFile": d.isSingleFile,
      "sizeBytes": d.totalSize, "rootDigest": d.facts.rootDigest ?? NSNull(), "pinDigest": d.pinDigest ?? NSNull(),
      "files": d.facts.files.map { ["path": $0.path, "size": $0.size, "sha256": $0.sha256.isEmpty ? NSNull() : $0.sha256] as [String: Any] },
      "inputs": d.inputs.map(tensor), "outputs": d.outputs.map(tensor), "optionalInputs": d.optionalInputs.sorted(),
      "signatureSource": d.signatureSource ?? NSNull(), "tensorCount": d.facts.tensors.count,
      "metadata": d.metadata.sorted { $0.key < $1.key }.map { key, entry -> [String: Any] in
        ["key": key, "value": value(entry.value), "reader": entry.source.reader, "file": entry.source.file, "sourceKey": entry.source.key]
      },
      "metrics": d.metrics.sorted { $0.key < $1.key }.map { key, metric -> [String: Any] in
        ["name": key, "value": metric.value, "reader": metric.source.reader, "file": metric.source.file, "sourceKey": metric.source.key]
      },
      "pickleFiles": d.pickleFiles,
      "pickleFindings": d.facts.pickleFindings.map { ["code": $0.code, "file": $0.file, "offset": $0.offset, "opcode": $0.opcode, "global": $0.global ?? NSNull(), "reason": $0.reason] as [String: Any] },
      "issues": d.facts.issues.map { ["code": $0.code, "file": $0.file, "message": $0.message] },
    ]
  }

  static func signature(_ s: VerificationResult) -> [String: Any] {
    [
      "verified": s.verified, "mode": s.mode, "signer": s.signer ?? NSNull(), "rootDigest": s.rootDigest ?? NSNull(),
      "resourceCount": s.resourceCount,
      "failures": s.failures.map { ["code": $0.code, "message": $0.message, "file": $0.file ?? NSNull()] as [String: Any] },
    ]
  }
}
