import Diagnostics
import Hashing

/// The OpenSSF model-signing (`method: files`, `hash_type: sha256`) manifest of a model:
/// per-file digests in resource order and the root digest
/// `SHA256(concat(raw digests, in listed order))`.
public struct ModelSigningDigest: Sendable, Hashable, Codable {
  /// Resources in model-signing order (path components); a single-file model has one resource
  /// named `"."`.
  public var resources: [FileDigest]
  /// Lower-case hex root digest: the in-toto subject digest.
  public var root: String
  /// Symlinks found and not followed (model-signing refuses them unless `allow_symlinks`).
  public var symlinks: [String]

  /// Computes the manifest of a directory (or a single file) at `path`.
  /// `ignorePaths` are dropped by component prefix; `excluding` removes further relative paths
  /// (for example a signature file stored inside the model directory).
  public static func compute(
    path: String, ignorePaths: [String] = ModelDirectory.defaultIgnorePaths, excluding: [String] = []
  ) throws -> ModelSigningDigest {
    if isDirectory(path) {
      let directory = try ModelDirectory.walk(root: path, ignorePaths: ignorePaths)
      let files = directory.files.filter { !excluding.contains($0) }
      var resources: [FileDigest] = []
      for file in files { resources.append(try FileDigester.digest(path: path + "/" + file, label: file)) }
      if let special = directory.specialFiles.first {
        throw Diagnostic.artifact(.file, .notRegular, "is not a regular file", file: special)
      }
      return try ModelSigningDigest(resources: resources, symlinks: directory.symlinks)
    }
    let single = try FileDigester.digest(path: path, label: ".")
    return try ModelSigningDigest(resources: [single], symlinks: [])
  }

  /// Builds the manifest from digests already in resource order.
  public init(resources: [FileDigest], symlinks: [String] = []) throws {
    self.resources = resources
    self.symlinks = symlinks
    self.root = try Self.rootDigest(resources.map(\.sha256))
  }

  /// `SHA256(concat(raw digest bytes))` over hex digests in the order given.
  public static func rootDigest(_ hexDigests: [String]) throws -> String {
    let hasher = SHA256Hasher()
    for hex in hexDigests {
      guard let raw = decodeHex(hex), raw.count == 32 else {
        throw Diagnostic.artifact(.digest, .invalid, "\"\(hex)\" is not a SHA-256 hex digest", file: "")
      }
      hasher.update(raw)
    }
    return SHA256.hex(hasher.finalize())
  }

  static func decodeHex(_ text: String) -> [UInt8]? {
    let bytes = Array(text.utf8)
    guard bytes.count % 2 == 0 else { return nil }
    func nibble(_ c: UInt8) -> UInt8? {
      switch c {
      case 0x30...0x39: c - 0x30
      case 0x61...0x66: c - 0x61 + 10
      case 0x41...0x46: c - 0x41 + 10
      default: nil
      }
    }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count / 2)
    var index = 0
    while index < bytes.count {
      guard let hi = nibble(bytes[index]), let lo = nibble(bytes[index + 1]) else { return nil }
      out.append(hi << 4 | lo)
      index += 2
    }
    return out
  }

  static func isDirectory(_ path: String) -> Bool { FileKind.of(path) == .directory }
}
