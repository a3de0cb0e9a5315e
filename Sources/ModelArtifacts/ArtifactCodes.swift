import Diagnostics

/// Which reader or layer found a problem in a model artifact: the middle of its code,
/// `artifact.<area>.<problem>`.
public enum ArtifactArea: String, Sendable, CaseIterable {
  case digest
  case directory
  case file
  case gguf
  case npy
  case onnx
  case path
  case pickle
  case safetensors
  case zip
}

/// What a reader found wrong: the last part of a code. A closed set, so every code a reader can
/// report is known (`DiagnosticCode(area, problem)`), and none is spelt at the place it is raised.
public enum ArtifactProblem: String, Sendable, CaseIterable {
  case arrayTooDeep = "array-too-deep"
  case arrayTooLarge = "array-too-large"
  case badMagic = "bad-magic"
  case bigEndian = "big-endian"
  case buildOnGlobal = "build-on-global"
  case compressedMemberNotScanned = "compressed-member-not-scanned"
  case dataOutOfBounds = "data-out-of-bounds"
  case duplicateKey = "duplicate-key"
  case duplicateMember = "duplicate-member"
  case duplicateTensor = "duplicate-tensor"
  case extensionOpcode = "extension-opcode"
  case fileTooSmall = "file-too-small"
  case headerNotObject = "header-not-object"
  case headerOutOfBounds = "header-out-of-bounds"
  case headerTooLarge = "header-too-large"
  case invalid
  case invalidAlignment = "invalid-alignment"
  case invalidBool = "invalid-bool"
  case invalidCentralDirectory = "invalid-central-directory"
  case invalidDimension = "invalid-dimension"
  case invalidField = "invalid-field"
  case invalidHeader = "invalid-header"
  case invalidHeaderStart = "invalid-header-start"
  case invalidJSON = "invalid-json"
  case invalidLocalHeader = "invalid-local-header"
  case invalidMemberName = "invalid-member-name"
  case invalidMetadata = "invalid-metadata"
  case invalidOffsets = "invalid-offsets"
  case invalidShape = "invalid-shape"
  case invalidTensorEntry = "invalid-tensor-entry"
  case invalidUtf8 = "invalid-utf8"
  case invalidValueType = "invalid-value-type"
  case invalidVarint = "invalid-varint"
  case invalidWireType = "invalid-wire-type"
  case invalidZip64 = "invalid-zip64"
  case lineTooLong = "line-too-long"
  case malformed
  case memberOutOfBounds = "member-out-of-bounds"
  case misalignedBits = "misaligned-bits"
  case misalignedTensor = "misaligned-tensor"
  case missingExternalData = "missing-external-data"
  case missingExternalLocation = "missing-external-location"
  case missingGraph = "missing-graph"
  case missingIrVersion = "missing-ir-version"
  case multiDisk = "multi-disk"
  case nameTooLong = "name-too-long"
  case noCentralDirectory = "no-central-directory"
  case nonContiguous = "non-contiguous"
  case notRegular = "not-regular"
  case outOfBounds = "out-of-bounds"
  case overlappingTensors = "overlapping-tensors"
  case readFailed = "read-failed"
  case resourceLimit = "resource-limit"
  case sizeMismatch = "size-mismatch"
  case sizeOverflow = "size-overflow"
  case stringTooLarge = "string-too-large"
  case symlink
  case tensorOutOfBounds = "tensor-out-of-bounds"
  case tooDeep = "too-deep"
  case tooLarge = "too-large"
  case tooManyDimensions = "too-many-dimensions"
  case tooManyEntries = "too-many-entries"
  case tooManyFiles = "too-many-files"
  case tooManyFindings = "too-many-findings"
  case tooManyKeys = "too-many-keys"
  case tooManyTensors = "too-many-tensors"
  case trailingBytes = "trailing-bytes"
  case truncated
  case unknownDtype = "unknown-dtype"
  case unknownTensorType = "unknown-tensor-type"
  case unreadable
  case unresolvedGlobal = "unresolved-global"
  case unsafe
  case unsafeExternalPath = "unsafe-external-path"
  case unsafeGlobal = "unsafe-global"
  case unsafeMemberPath = "unsafe-member-path"
  case unsupportedVersion = "unsupported-version"
}

extension DiagnosticCode {
  /// `artifact.<area>.<problem>`, e.g. `artifact.safetensors.header-too-large`.
  public init(_ area: ArtifactArea, _ problem: ArtifactProblem) {
    self.init("artifact.\(area.rawValue).\(problem.rawValue)")
  }
}

extension Diagnostic {
  /// A problem a reader found in `file`, at `offset` when known.
  public static func artifact(_ area: ArtifactArea, _ problem: ArtifactProblem, _ message: String, file: String, offset: UInt64? = nil) -> Diagnostic
  {
    .error(DiagnosticCode(area, problem), message, inBinaryFile: file, offset: offset)
  }
}
