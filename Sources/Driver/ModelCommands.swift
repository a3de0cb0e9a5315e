import Diagnostics
import ModelArtifacts
import ModelSigning
import ModelValidation
import PlatformModel
import VirtualFileSystem

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `paved model …`: artifact inspection, signature verification and contract validation.
/// Returns values; the CLI renders them.
public enum ModelCommands {
  /// Who may have signed, as given on the command line (file paths).
  public struct Trust: Sendable {
    public var publicKey: String?
    public var trustAnchors: [String]
    public init(publicKey: String?, trustAnchors: [String]) {
      self.publicKey = publicKey
      self.trustAnchors = trustAnchors
    }
  }

  /// What `paved model validate` was asked.
  public struct ValidateRequest: Sendable {
    public var root: String
    public var compile: CompileRequest
    public var model: String
    public var artifact: String
    public var environment: String?
    public var signature: String?
    public var trust: Trust
    public var baseline: String?

    public init(
      root: String, compile: CompileRequest, model: String, artifact: String, environment: String?, signature: String?,
      trust: Trust, baseline: String?
    ) {
      self.root = root
      self.compile = compile
      self.model = model
      self.artifact = artifact
      self.environment = environment
      self.signature = signature
      self.trust = trust
      self.baseline = baseline
    }
  }

  /// The compilation (its diagnostics block validation) and, when it got that far, the report.
  public struct ValidateOutcome: Sendable {
    public var compilation: CompileResult
    public var report: ValidationReport?
  }

  /// Describes an artifact (`paved model inspect`).
  /// A signature bundle stored inside the model directory is not part of the model.
  public static func inspect(path: String, digests: Bool, signature: String? = nil) -> (ModelDescription?, [Diagnostic]) {
    ModelDescriber.describe(path: path, digests: digests, excluding: signature.flatMap { relative($0, to: path) }.map { [$0] } ?? [])
  }

  /// Verifies `model` against the bundle at `bundlePath` (`paved model verify`). Unreadable
  /// inputs are failures too, so the result is "not verified".
  public static func verify(model: String, bundlePath: String, trust: Trust) -> VerificationResult {
    let mode = trust.publicKey != nil ? "key" : "certificate"
    func failed(_ code: DiagnosticCode, _ message: String) -> VerificationResult {
      VerificationResult(failures: [.signature(code, message)], mode: mode)
    }
    guard let bundle = readSmall(bundlePath) else { return failed(.signatureBundleUnreadable, "cannot read \(bundlePath)") }
    let configuration: TrustConfiguration
    if let key = trust.publicKey {
      guard let pem = readSmall(key) else { return failed(.signatureKeyUnreadable, "cannot read \(key)") }
      configuration = .publicKey(pem: pem)
    } else {
      var pems: [[UInt8]] = []
      for anchor in trust.trustAnchors {
        guard let pem = readSmall(anchor) else { return failed(.signatureCertificateUnreadable, "cannot read \(anchor)") }
        pems.append(pem)
      }
      guard !pems.isEmpty else { return failed(.signatureNoTrust, "give --public-key or --trust-anchor") }
      configuration = .trustAnchors(pems: pems)
    }
    return ModelVerifier.verify(modelPath: model, bundle: bundle, trust: configuration, bundleName: relative(bundlePath, to: model))
  }

  /// Verifies against the contract's trusted `signers` (files relative to `root`): the command line's
  /// key or anchors may only pick among them. Without a contract (`signers` nil), the command line's
  /// trust is used as given.
  public static func verify(model: String, bundlePath: String, trust: Trust, signers: [Signer]?, root: String) -> VerificationResult {
    guard let signers else { return verify(model: model, bundlePath: bundlePath, trust: trust) }
    let mode = trust.publicKey != nil ? "key" : trust.trustAnchors.isEmpty ? "contract" : "certificate"
    let candidates: [SignerFiles.Candidate]
    switch SignerFiles.candidates(signers, root: root, cli: trust) {
    case .failure(let failure): return VerificationResult(failures: [failure], mode: mode)
    case .success(let found): candidates = found
    }
    guard let bundle = readSmall(bundlePath) else {
      return VerificationResult(
        failures: [Diagnostic.signature(.signatureBundleUnreadable, "cannot read \(bundlePath)")], mode: mode)
    }
    var last: VerificationResult?
    for candidate in candidates {
      var result = ModelVerifier.verify(modelPath: model, bundle: bundle, trust: candidate.trust, bundleName: relative(bundlePath, to: model))
      if result.verified, let identity = candidate.identity, !(result.leaf?.matches(identity: identity, issuer: candidate.issuer) ?? false) {
        let names = (result.leaf?.identities ?? []) + [result.leaf?.subject ?? ""]
        result.failures.append(
          Diagnostic.signature(
            .signatureIdentityMismatch,
            "signed by \(names.filter { !$0.isEmpty }.joined(separator: ", ")) (issuer \(result.leaf?.oidcIssuer ?? result.leaf?.issuer ?? "?")), not the trusted \(identity)"
              + (candidate.issuer.map { " from \($0)" } ?? "")))
      }
      if result.verified {
        result.signer = candidate.label
        return result
      }
      last = result
    }
    return last ?? VerificationResult(failures: [Diagnostic.signature(.signatureUntrustedSigner, "no trusted signer")], mode: mode)
  }

  /// `paved model verify --model NAME`: compiles the platform at `platformFile` under `root` and
  /// verifies against that model's trusted signers. The compilation's diagnostics come back when it
  /// fails or the model is unknown (then there is no result).
  public static func verify(
    model path: String, bundlePath: String, trust: Trust, contractOf name: String, root: String, platformFile: String, displayPrefix: String
  ) throws(InternalError) -> (CompileResult, VerificationResult) {
    var request = CompileRequest(platformPath: platformFile, displayPrefix: displayPrefix)
    request.keepsArtifacts = false
    var compiled = try Compilation.compile(LocalFileSystem(root: root), request)
    let unavailable = VerificationResult(
      failures: [
        Diagnostic.signature(.signatureContractUnavailable, "the platform does not compile, so model '\(name)' has no contract to verify against")
      ], mode: "contract")
    guard !compiled.diagnostics.hasErrors, let platform = compiled.platform else { return (compiled, unavailable) }
    guard let model = platform.model(named: name) else {
      var notes = [DiagnosticNote("models: \(platform.models.map(\.name).joined(separator: ", "))")]
      if let s = Suggestion.didYouMean(name, in: platform.models.map(\.name)) { notes.insert(DiagnosticNote(s), at: 0) }
      compiled.diagnostics.append(.error(.unknownModel, "unknown model '\(name)'", notes: notes))
      return (compiled, unavailable)
    }
    return (compiled, verify(model: path, bundlePath: bundlePath, trust: trust, signers: model.contract?.signers ?? [], root: root))
  }

  /// Compiles the platform, then checks `artifact` against the model's contract.
  public static func validate(_ request: ValidateRequest) throws(InternalError) -> ValidateOutcome {
    var compile = request.compile
    if let env = request.environment { compile.environments = [env] }
    // The spec as decoded (every position) and the platform: nothing is rendered.
    compile.keepsDocuments = true
    let prepared = Compilation.prepare(LocalFileSystem(root: request.root), compile)
    var result = prepared.result
    guard prepared.ready, let platform = result.platform else { return ValidateOutcome(compilation: result, report: nil) }
    guard let model = platform.model(named: request.model) else {
      var notes = [DiagnosticNote("models: \(platform.models.map(\.name).joined(separator: ", "))")]
      if let s = Suggestion.didYouMean(request.model, in: platform.models.map(\.name)) { notes.insert(DiagnosticNote(s), at: 0) }
      result.diagnostics.append(.error(.unknownModel, "unknown model '\(request.model)'", notes: notes))
      return ValidateOutcome(compilation: result, report: nil)
    }
    let bundleInside = request.signature.flatMap { relative($0, to: request.artifact) }
    let (described, diagnostics) = ModelDescriber.describe(path: request.artifact, excluding: bundleInside.map { [$0] } ?? [])
    var findings = Diagnostics(diagnostics)
    let pin = request.environment.flatMap { env in platform.environments.first { $0.name == env }?.pins.first { $0.model == model.name } }
    let signature = request.signature.map {
      verify(model: request.artifact, bundlePath: $0, trust: request.trust, signers: model.contract?.signers ?? [], root: request.root)
    }
    var baseline: ModelDescription?
    if let path = request.baseline {
      let (base, baseDiagnostics) = ModelDescriber.describe(path: path, digests: false)
      baseline = base
      findings.append(contentsOf: baseDiagnostics)
    }
    var checks: [ModelValidation.CheckResult] = []
    if let described {
      let input = ValidationInput(
        model: model, description: described, signature: signature, environment: request.environment, pin: pin, baseline: baseline)
      let (c, d) = ContractValidator.validate(input)
      checks = c
      findings.append(contentsOf: d)
    }
    if let input = prepared.input {
      findings = Diagnostics(ContractLocations.locate(findings.all, input: input, model: model.name, environment: request.environment))
    }
    let report = ValidationReport(
      model: model.name, artifact: request.artifact, environment: request.environment, description: described,
      signature: signature, baselineVersion: request.baseline.map { _ in pin?.version ?? "baseline" }, checks: checks,
      diagnostics: findings)
    return ValidateOutcome(compilation: result, report: report)
  }

  static func readSmall(_ path: String) -> [UInt8]? {
    guard FileKind.of(path) == .regular else { return nil }
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while out.count <= SigstoreBundle.maxBytes {
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 { return nil }
      if count == 0 { return out }
      out += buffer[0..<count]
    }
    return out
  }

  /// `inner` relative to the directory `root`, when it lies inside it.
  static func relative(_ inner: String, to root: String) -> String? {
    guard FileKind.of(root) == .directory else { return nil }
    func absolute(_ path: String) -> String? {
      guard let resolved = realpath(path, nil) else { return nil }
      defer { free(resolved) }
      return String(cString: resolved)
    }
    guard let base = absolute(root), let file = absolute(inner), file.hasPrefix(base + "/") else { return nil }
    return String(file.dropFirst(base.count + 1))
  }
}

extension DiagnosticCode {
  public static let unknownModel = DiagnosticCode("model.unknown")
}
