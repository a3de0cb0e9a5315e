import Diagnostics
import ModelValidation
import Planning
import PlatformModel
import Policy
import VirtualFileSystem

extension PromoteRun {
  /// The evidence gates: the policy check and the plan of the edited tree; the contract, signature
  /// and compatibility of a local copy of the candidate (`--artifact`), when given. `current` is the
  /// working tree as `run` prepared it: the plan's base is emitted from it, not compiled again.
  static func gates(
    _ request: Request, current prepared: Compilation.Prepared, policy: PromotionPolicy, model: String, source: String, file: String,
    after: [UInt8], _ outcome: inout Outcome
  ) throws(InternalError) {
    let requires = Set(policy.requires)
    let base = LocalFileSystem(root: request.root)
    let edited = EditedFileSystem(base: base, path: file, bytes: after)
    let compileRequest = CompileRequest(platformPath: request.platformFile, displayPrefix: request.displayPrefix)
    let checked = try PolicyCheck.run(edited, compileRequest, today: request.today)
    let failures = checked.diagnostics.all.filter { $0.severity == .error }
    outcome.gates.append(
      Gate(
        name: "check", status: failures.isEmpty ? .pass : .fail,
        detail: failures.isEmpty
          ? "every policy passes on the edited tree" : "\(failures.count) error(s): " + failures.prefix(3).map(\.summary).joined(separator: "; "),
        required: requires.contains(.check)))
    if !failures.isEmpty { outcome.diagnostics.append(contentsOf: failures) }
    let current = try Compilation.emit(prepared, compileRequest)
    if let head = checked.compile.artifacts {
      outcome.planSummary = Planner().diff(base: current.artifacts, head: head).summaryLine
    }

    let names: [(String, PromotionPolicy.Evidence)] = [("contract", .contract), ("signature", .signature), ("compatible", .compatible)]
    guard let artifact = request.artifactPath else {
      for (name, evidence) in names {
        outcome.gates.append(
          Gate(
            name: name, status: requires.contains(evidence) ? .missing : .notRequired,
            detail: "not run: give --artifact PATH, a local copy of \(outcome.candidate?.artifact ?? "the candidate")",
            required: requires.contains(evidence)))
      }
      return
    }
    let validate = try ModelCommands.validate(
      ModelCommands.ValidateRequest(
        root: request.root, compile: compileRequest, model: model, artifact: artifact, environment: source, signature: request.signature,
        trust: request.trust, baseline: request.baselinePath))
    outcome.validationReport = validate.report
    let checks = validate.report?.checks ?? []
    let failed = { (ids: Set<String>) in checks.filter { ids.contains($0.id) && $0.status == .fail } }
    let contractIDs: Set<String> = Set(checks.map(\.id)).subtracting(["signature", "compatibility"])
    for (name, evidence) in names {
      let ids: Set<String> = evidence == .contract ? contractIDs : evidence == .signature ? ["signature"] : ["compatibility"]
      let ran = checks.filter { ids.contains($0.id) && $0.status != .skip }
      let status: Gate.Status
      if !failed(ids).isEmpty {
        status = .fail
      } else if ran.isEmpty {
        status = requires.contains(evidence) ? .missing : .notRequired
      } else {
        status = .pass
      }
      let detail =
        failed(ids).isEmpty
        ? (ran.isEmpty
          ? (evidence == .compatible
            ? "not run: give --baseline PATH, a local copy of what the target runs"
            : evidence == .signature ? "not run: give --signature BUNDLE" : "no check ran")
          : ran.map { "\($0.id): \($0.detail)" }.joined(separator: "; "))
        : failed(ids).map { "\($0.id): \($0.detail)" }.joined(separator: "; ")
      outcome.gates.append(Gate(name: name, status: status, detail: detail, required: requires.contains(evidence)))
    }
  }
}

/// A file tree that is `base` with one file's bytes replaced (the promotion's edit, before it is written).
struct EditedFileSystem: ReadOnlyFileSystem {
  let base: any ReadOnlyFileSystem
  let path: String
  let bytes: [UInt8]

  var displayName: String { base.displayName + " (with the promotion's edit)" }

  func readFile(_ path: String, limit: Int) throws(FileSystemError) -> [UInt8] {
    if path == self.path {
      if bytes.count > limit { throw .tooLarge(path: path, size: bytes.count, limit: limit) }
      return bytes
    }
    return try base.readFile(path, limit: limit)
  }

  func entryKind(_ path: String) -> FileEntryKind? { path == self.path ? .file : base.entryKind(path) }
  func listDirectory(_ path: String) throws(FileSystemError) -> [String] { try base.listDirectory(path) }
}
