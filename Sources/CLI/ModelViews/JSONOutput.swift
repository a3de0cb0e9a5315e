import Diagnostics
import JSONWriting
import ModelArtifacts
import ModelSigning
import ModelValidation

/// Deterministic JSON (sorted keys) for `paved model` outputs; every document has `formatVersion`.
public enum JSONOutput {
  /// Version of the `paved model` JSON shapes.
  public static let formatVersion = 1

  static func render(_ object: [String: JSON]) -> String {
    var document = object
    document["formatVersion"] = .integer(formatVersion)
    return JSON.object(document).rendered()
  }

  static func tensor(_ t: TensorSpec) -> JSON {
    ["name": .string(t.name), "dtype": .string(t.dtype.description), "shape": t.shape.map { .array($0.map(dim)) } ?? .null]
  }

  static func dim(_ d: Dim) -> JSON {
    switch d {
    case .fixed(let n): .integer(n)
    case .unknown: -1
    case .symbolic(let s): .string(s)
    }
  }

  static func value(_ v: MetadataValue) -> JSON {
    switch v {
    case .string(let s): .string(s)
    case .int(let i): .integer(i)
    case .uint(let u): .integer(u)
    case .float(let f): f.isFinite ? .double(f) : .string("\(f)")
    case .bool(let b): .bool(b)
    case .array(let items): .array(items.map(value))
    case .arraySummary(let type, let count): ["elementType": .string(type), "count": .integer(count)]
    }
  }

  static func diagnostic(_ d: Diagnostic) -> JSON {
    var item: [String: JSON] = [
      "severity": .string(d.severity.rawValue), "code": .string(d.code.rawValue), "summary": .string(d.summary),
      "notes": .strings(d.notes.map(\.message)),
    ]
    if let r = d.range {
      item["file"] = .string(r.start.file)
      item["line"] = .integer(r.start.line)
      item["column"] = .integer(r.start.column)
    }
    return .object(item)
  }

  /// The artifact half shared by `inspect` and `validate`.
  static func description(_ d: ModelDescription) -> [String: JSON] {
    [
      "path": .string(d.path), "format": .string(d.facts.format.rawValue), "formats": .strings(d.formats),
      "singleFile": .bool(d.isSingleFile), "sizeBytes": .integer(d.totalSize),
      "rootDigest": .string(d.facts.rootDigest), "pinDigest": .string(d.pinDigest),
      "files": .array(
        d.facts.files.map { ["path": .string($0.path), "size": .integer($0.size), "sha256": $0.sha256.isEmpty ? .null : .string($0.sha256)] }),
      "inputs": .array(d.inputs.map(tensor)), "outputs": .array(d.outputs.map(tensor)),
      "optionalInputs": .strings(d.optionalInputs.sorted()),
      "signatureSource": .string(d.signatureSource), "tensorCount": .integer(d.facts.tensors.count),
      // Every stored tensor (the text output shows the first 20).
      "tensors": .array(d.facts.tensors.map(tensor)),
      "metadata": .array(
        d.metadata.sorted { $0.key < $1.key }.map { key, entry in
          [
            "key": .string(key), "value": value(entry.value), "reader": .string(entry.source.reader),
            "file": .string(entry.source.file), "sourceKey": .string(entry.source.key),
          ]
        }),
      "metrics": .array(
        d.metrics.sorted { $0.key < $1.key }.map { key, metric in
          [
            "name": .string(key), "value": .double(metric.value), "reader": .string(metric.source.reader),
            "file": .string(metric.source.file), "sourceKey": .string(metric.source.key),
          ]
        }),
      "pickleFiles": .strings(d.pickleFiles),
      "pickleFindings": .array(
        d.facts.pickleFindings.map {
          [
            "code": .string($0.code.rawValue), "file": .string($0.file), "offset": .integer($0.offset), "opcode": .string($0.opcode),
            "global": .string($0.global), "reason": .string($0.reason),
          ]
        }),
      "issues": .array(d.facts.issues.map { ["code": .string($0.code.rawValue), "file": .string($0.file ?? ""), "message": .string($0.summary)] }),
    ]
  }

  static func signature(_ s: VerificationResult) -> [String: JSON] {
    [
      "verified": .bool(s.verified), "mode": .string(s.mode), "signer": .string(s.signer), "rootDigest": .string(s.rootDigest),
      "resourceCount": .integer(s.resourceCount),
      "failures": .array(s.failures.map { ["code": .string($0.code.rawValue), "message": .string($0.summary), "file": .string($0.file)] }),
    ]
  }
}
