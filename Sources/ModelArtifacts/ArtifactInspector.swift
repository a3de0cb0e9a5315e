import Diagnostics
import Hashing

/// The entry point: recognise a model file (or every file of a model directory) by its bytes,
/// run the matching header-only reader, hash every file, and return canonical facts.
public enum ArtifactInspector {
  /// Extensions that mark a pickle even without protocol 2+ magic.
  public static let pickleExtensions: Set<String> = ["pkl", "pickle", "joblib", "pt", "pth", "ckpt", "dill"]

  /// Detects the format of the file at `path` from its magic bytes (extension only breaks ties).
  public static func detectFormat(path: String) throws -> ArtifactFormat {
    try detect(source: try FileByteSource(path: path, label: path), name: path)
  }

  static func detect(source: any ByteSource, name: String) throws -> ArtifactFormat {
    let head = try ByteCursor(source: source, area: .file, file: name)
      .readBytes(min(source.size, 64), limit: 64)
    let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
    if head.starts(with: Array("GGUF".utf8)) { return .gguf }
    if ZipArchive.hasZipMagic(head) {
      let entries = try ZipArchive.entries(source: source, file: name)
      if entries.contains(where: { TorchZipScanner.isPickleMember($0.name) }) { return .torchZip }
      return entries.contains { TorchZipScanner.isNpyMember($0.name) } ? .numpyZip : .unknown
    }
    if NpyScanner.hasMagic(head) { return .numpy }
    if head.starts(with: PickleScanner.legacyTorchMagic) { return .torchLegacy }
    if PickleScanner.hasPickleMagic(head) { return .pickle }
    if head.count >= 9, head[8] == UInt8(ascii: "{") {
      var length: UInt64 = 0
      for index in 0..<8 { length |= UInt64(head[index]) << (8 * UInt64(index)) }
      if length <= source.size - 8 { return .safetensors }
    }
    if ext == "onnx" { return .onnx }
    if ext == "safetensors" { return .safetensors }
    if pickleExtensions.contains(ext) { return .pickle }
    if head.first == 0x08, (try? ONNXReader.read(source: source, file: name)) != nil { return .onnx }
    if let first = head.first, PickleOpcode.protocol0Starts.contains(first) || (first == 0x80 && head.count > 1) {
      let cursor = ByteCursor(source: source, area: .pickle, file: name)
      let trial = PickleScanner.scan(cursor, maxPickles: 1)
      if trial.pickleCount == 1, !trial.findings.contains(where: { $0.code == DiagnosticCode(.pickle, .malformed) }) {
        return .pickle
      }
      // A truncated pickle still runs every opcode before the break when loaded: if it imported
      // something that could really be imported, treat it as a (malformed) pickle.
      if trial.globals.contains(where: { isImportable($0.module) && isImportable($0.name) }) { return .pickle }
    }
    return .unknown
  }

  /// True for a dotted Python identifier (`os`, `torch._utils`, `OrderedDict`): the only names a
  /// GLOBAL can actually import, so text files that merely start like a pickle are not flagged.
  static func isImportable(_ name: String) -> Bool {
    !name.isEmpty
      && name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
        guard let first = part.unicodeScalars.first, first == "_" || first.properties.isXIDStart else { return false }
        return part.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isXIDContinue }
      }
  }

  /// Inspects one regular file; malformed headers throw. `label` is the name recorded in facts.
  /// With `digests: false` only sizes are recorded (`sha256` is empty and `rootDigest` nil), so a
  /// 10 GiB file costs a header read.
  public static func inspectFile(path: String, label: String? = nil, digests: Bool = true) throws -> ArtifactFacts {
    let name = label ?? path
    let source = try FileByteSource(path: path, label: name)
    var facts = try facts(source: source, name: name)
    guard digests else {
      facts.files = [FileDigest(path: name, size: source.size, sha256: "")]
      return facts
    }
    let (raw, size) = try FileDigester.digest(source: source)
    facts.files = [FileDigest(path: name, size: size, sha256: SHA256.hex(raw))]
    facts.rootDigest = try ModelSigningDigest.rootDigest([SHA256.hex(raw)])
    return facts
  }

  static func facts(source: any ByteSource, name: String) throws -> ArtifactFacts {
    switch try detect(source: source, name: name) {
    case .safetensors:
      return SafetensorsReader.facts(try SafetensorsReader.read(source: source, file: name), file: name)
    case .gguf:
      return GGUFReader.facts(try GGUFReader.read(source: source, file: name), file: name)
    case .onnx:
      return ONNXReader.facts(try ONNXReader.read(source: source, file: name), file: name)
    case .torchZip, .numpyZip:
      let result = try TorchZipScanner.scan(source: source, file: name)
      let format: ArtifactFormat = result.entries.contains { TorchZipScanner.isPickleMember($0.name) } ? .torchZip : .numpyZip
      return ArtifactFacts(format: format, tensors: result.scan.tensors, pickleFindings: result.scan.findings)
    case .numpy:
      let result = try NpyScanner.scan(ByteCursor(source: source, area: .npy, file: name))
      return ArtifactFacts(format: .numpy, pickleFindings: result.scan.findings)
    case .torchLegacy, .pickle:
      let cursor = ByteCursor(source: source, area: .pickle, file: name)
      let legacy = try PickleScanner.isLegacyTorch(cursor)
      let result = PickleScanner.scan(cursor, maxPickles: legacy ? 5 : 16)
      return ArtifactFacts(
        format: legacy ? .torchLegacy : .pickle, tensors: result.tensors, pickleFindings: result.findings)
    case .directory, .unknown:
      return ArtifactFacts(format: .unknown)
    }
  }

  /// Inspects a file or a model directory. For a directory, every regular file is hashed (in
  /// model-signing order, with the root digest), recognised files are read, and per-file errors,
  /// symlinks and missing ONNX external data become `issues` instead of throwing.
  /// `digests: false` skips hashing (sizes only, no root digest).
  public static func inspect(
    path: String, ignorePaths: [String] = ModelDirectory.defaultIgnorePaths, digests: Bool = true
  ) throws -> ArtifactFacts {
    switch FileKind.of(path) {
    case .directory: break
    case .symlink:
      throw Diagnostic.artifact(.file, .symlink, "is a symbolic link; not followed", file: path)
    default:
      let name = path.split(separator: "/").last.map(String.init) ?? path
      return try inspectFile(path: path, label: name, digests: digests)
    }
    let directory = try ModelDirectory.walk(root: path, ignorePaths: ignorePaths)
    var merged = ArtifactFacts(format: .directory)
    for link in directory.symlinks {
      merged.issues.append(
        Diagnostic.artifact(.file, .symlink, "symbolic link reported, not followed", file: link))
    }
    for special in directory.specialFiles {
      merged.issues.append(Diagnostic.artifact(.file, .notRegular, "is not a regular file", file: special))
    }
    let present = Set(directory.files)
    for file in directory.files {
      do {
        let source = try FileByteSource(path: path + "/" + file, label: file)
        if digests {
          let (raw, size) = try FileDigester.digest(source: source)
          merged.files.append(FileDigest(path: file, size: size, sha256: SHA256.hex(raw)))
        } else {
          merged.files.append(FileDigest(path: file, size: source.size, sha256: ""))
        }
        do {
          let facts = try facts(source: source, name: file)
          merge(facts, into: &merged, file: file, present: present)
        } catch let error as Diagnostic {
          merged.issues.append(error)
        }
      } catch let error as Diagnostic {
        merged.issues.append(error)
      }
    }
    if digests { merged.rootDigest = try ModelSigningDigest.rootDigest(merged.files.map(\.sha256)) }
    return merged
  }

  private static func merge(_ facts: ArtifactFacts, into merged: inout ArtifactFacts, file: String, present: Set<String>) {
    merged.inputs += facts.inputs
    merged.outputs += facts.outputs
    merged.tensors += facts.tensors
    for (key, entry) in facts.metadata where merged.metadata[key] == nil { merged.metadata[key] = entry }
    merged.pickleFindings += facts.pickleFindings
    merged.issues += facts.issues
    let parent = file.split(separator: "/").dropLast().joined(separator: "/")
    for reference in facts.externalReferences {
      let resolved = parent.isEmpty ? reference : parent + "/" + reference
      merged.externalReferences.append(resolved)
      if !present.contains(resolved) {
        merged.issues.append(
          Diagnostic.artifact(
            .onnx, .missingExternalData, "external data \"\(resolved)\" is not in the model",
            file: file))
      }
    }
  }
}
