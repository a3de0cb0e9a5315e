import Artifacts
import Diagnostics
import Policy
import SpecAST
import SpecSyntax
import VirtualFileSystem

/// `paved policy test`: every policy in a directory against its test cases in `tests/<policy>/`.
/// A policy that does not parse, a policy without tests and a case that does not decode all fail.
public enum PolicyTestRunner {
  /// One test case's outcome.
  public struct Case: Sendable {
    public var policy: String
    public var name: String
    public var file: String
    public var passed: Bool
    /// Why it failed (empty when it passed).
    public var detail: String
  }

  public struct Result: Sendable {
    public var cases: [Case] = []
    public var diagnostics = Diagnostics()
    public var sources = SourceCatalog()
    public var policyCount = 0
    /// True when every case passed and every policy parsed and has tests.
    public var ok: Bool { !diagnostics.hasErrors && cases.allSatisfy(\.passed) }
  }

  /// Runs the tests of the policies in `directory` of `fs`; `displayPrefix` prefixes file names.
  public static func run(_ fs: any ReadOnlyFileSystem, directory: String, displayPrefix: String = "", today: PolicyDate) throws(InternalError)
    -> Result
  {
    var result = Result()
    var compiled = CompileResult()
    let request = CompileRequest(displayPrefix: displayPrefix, policyDirectory: nil)
    guard fs.entryKind(directory) == .directory else {
      result.diagnostics.append(.error(.unreadableInput, "no policy directory \(request.display(directory))"))
      return result
    }
    PolicyFiles.load(fs, directory: directory, request, &compiled)
    result.diagnostics = compiled.diagnostics
    result.sources = compiled.sources
    let policies = compiled.policies
    result.policyCount = policies.fileCount
    let testRoot = TreePath.join(directory, "tests")
    let testDirs = (try? fs.listDirectory(testRoot))?.sorted() ?? []
    for dir in testDirs where fs.entryKind(TreePath.join(testRoot, dir)) == .directory && !policies.policies.contains(where: { $0.name == dir }) {
      let known = policies.policies.map(\.name)
      var notes: [DiagnosticNote] = []
      if let s = Suggestion.didYouMean(dir, in: known) { notes.append(DiagnosticNote(s)) }
      result.diagnostics.append(
        .error(
          .unknownPolicyTests, "tests for unknown or broken policy '\(dir)'", at: .file(request.display(TreePath.join(testRoot, dir))), notes: notes))
    }
    for policy in policies.policies {
      let dir = TreePath.join(testRoot, policy.name)
      let files = ((try? fs.listDirectory(dir)) ?? []).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
      if files.isEmpty {
        result.cases.append(
          Case(policy: policy.name, name: "(none)", file: request.display(dir), passed: false, detail: "no test cases in \(request.display(dir))/"))
        continue
      }
      for file in files {
        let path = TreePath.join(dir, file)
        let outcome = try runCase(fs, path: path, policy: policy, texts: policies.texts, request: request, today: today, into: &result)
        result.cases.append(outcome)
      }
    }
    return result
  }

  static func runCase(
    _ fs: any ReadOnlyFileSystem, path: String, policy: CompiledPolicy, texts: [String: String], request: CompileRequest,
    today: PolicyDate, into result: inout Result
  ) throws(InternalError) -> Case {
    let shown = request.display(path)
    var loaded = CompileResult()
    let failed = Case(policy: policy.name, name: path, file: shown, passed: false, detail: "the test case has errors")
    guard let root = Compilation.load(fs, path, request, &loaded) else {
      result.diagnostics.append(contentsOf: loaded.diagnostics)
      result.sources.merge(loaded.sources)
      return failed
    }
    result.sources.merge(loaded.sources)
    let decoder = SpecDecoder()
    let decoded = decoder.decodePolicyTest(root, file: shown)
    result.diagnostics.append(contentsOf: decoder.diagnostics)
    guard let doc = decoded, !decoder.diagnostics.contains(where: { $0.severity == .error }), let expect = doc.expect?.value else { return failed }
    let name = doc.name?.value ?? path
    var input = PolicyInput(platform: doc.platform.map(ValueConversion.cel), objects: [])
    if let objects = doc.objects?.items {
      input.objects = objects.map { PolicyObject(value: ValueConversion.cel($0), origin: $0.range) }
    }
    if let platformFile = doc.platformFile {
      guard let specPath = resolve(platformFile.value, from: TreePath.directory(of: path)) else {
        result.diagnostics.append(
          .error(
            .invalidValue, "platformFile '\(platformFile.value)' leaves the directory paved policy test reads", at: platformFile.range,
            path: platformFile.path))
        return failed
      }
      let compiled = try Compilation.compile(fs, CompileRequest(platformPath: specPath, displayPrefix: request.displayPrefix, policyDirectory: nil))
      result.sources.merge(compiled.sources)
      guard let platform = compiled.platform, let artifacts = compiled.artifacts else {
        result.diagnostics.append(contentsOf: compiled.diagnostics)
        return Case(policy: policy.name, name: name, file: shown, passed: false, detail: "its platformFile does not compile")
      }
      let built = PolicyInput(platform: platform, artifacts: artifacts.artifacts)
      input.platform = PlatformValue.make(platform)
      input.objects += built.objects
    }
    let engine = PolicyEngine(today: doc.today?.value ?? today, policyTexts: texts)
    let report = engine.evaluate([policy], on: input)
    let findings = report.diagnostics.filter { $0.severity != .note }
    let errors = findings.filter { $0.code == .policyEvaluation }
    let got = !errors.isEmpty ? "error" : (findings.isEmpty ? "pass" : "fail")
    var problems: [String] = []
    if got != expect {
      var detail = "expected \(expect), got \(got)"
      if let first = findings.first { detail += " (\(first.summary))" }
      problems.append(detail)
    }
    if let expected = doc.messages?.map(\.value) {
      let actual = report.violations.map(\.message) + findings.filter { $0.code == .exceptionExpired }.map(\.summary)
      if expected.sorted() != actual.sorted() {
        problems.append("expected messages \(expected.sorted()), got \(actual.sorted())")
      }
    }
    return Case(policy: policy.name, name: name, file: shown, passed: problems.isEmpty, detail: problems.joined(separator: "; "))
  }
}

/// `base/relative` with `.` and `..` resolved lexically; nil when it climbs above the tree root.
func resolve(_ relative: String, from base: String) -> String? {
  var parts: [Substring] = relative.hasPrefix("/") ? [] : base.split(separator: "/").filter { $0 != "." }
  for part in relative.split(separator: "/") {
    switch part {
    case ".", "": continue
    case "..":
      guard !parts.isEmpty else { return nil }
      parts.removeLast()
    default: parts.append(part)
    }
  }
  return parts.isEmpty ? nil : parts.joined(separator: "/")
}

extension DiagnosticCode {
  public static let unknownPolicyTests = DiagnosticCode("policy.tests-for-unknown-policy")
}
