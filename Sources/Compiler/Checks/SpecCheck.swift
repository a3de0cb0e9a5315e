import Diagnostics
import Dispatch
import SpecAST

/// Everything a semantic check may look at: the decoded documents, nothing resolved yet.
public struct CheckInput: Sendable {
  public var platform: PlatformDocument
  /// Environment documents by environment name (as listed in `spec.environments`).
  public var environments: [String: EnvironmentDocument]

  public init(platform: PlatformDocument, environments: [String: EnvironmentDocument]) {
    self.platform = platform
    self.environments = environments
  }

  /// Names of the declared pools.
  public var poolNames: [String] { platform.spec.gpuPools.compactMap { $0.name?.value } }
  /// Names of the declared tenants.
  public var tenantNames: [String] { platform.spec.tenants.compactMap { $0.name?.value } }
  /// Names of the declared models.
  public var modelNames: [String] { platform.spec.models.compactMap { $0.name?.value } }
  /// The pool declared under `name`.
  public func pool(_ name: String) -> GPUPoolSpec? { platform.spec.gpuPools.first { $0.name?.value == name } }
  /// Environment documents in declared order.
  public var orderedEnvironments: [EnvironmentDocument] {
    platform.spec.environments.compactMap { environments[$0.value] }
  }
}

/// One semantic rule over the decoded spec. Each rule lives in its own file with its messages.
public protocol SpecCheck: Sendable {
  /// Stable identifier, used in docs and tests.
  var id: String { get }
  func run(_ input: CheckInput) -> [Diagnostic]
}

/// Every semantic check, in the order they run.
public enum CheckRegistry {
  public static let all: [any SpecCheck] = [
    NamingCheck(),
    GitOpsCheck(),
    KubernetesVersionCheck(),
    OwnersCheck(),
    QuantityCheck(),
    GPUPoolCheck(),
    ReferenceCheck(),
    GPUCapacityCheck(),
    TimeSlicingCheck(),
    ServingCheck(),
    ServingFitCheck(),
    ServingRuntimeCheck(),
    ServingPodSecurityCheck(),
    NetworkCheck(),
    ContractCheck(),
    EnvironmentCheck(),
    CICheck(),
    PromotionCheck(),
    SignerCheck(),
  ]

  /// Runs every check (at once, on all cores) and returns all findings, in the checks' order.
  public static func run(_ input: CheckInput) -> [Diagnostic] {
    var byCheck = Array(repeating: [Diagnostic](), count: all.count)
    byCheck.withUnsafeMutableBufferPointer { slots in
      nonisolated(unsafe) let slots = slots
      // Each iteration writes only its own slot.
      DispatchQueue.concurrentPerform(iterations: all.count) { slots[$0] = all[$0].run(input) }
    }
    return byCheck.flatMap { $0 }
  }
}

/// Helpers for suggestions in reference errors.
func unresolved(
  _ what: String, _ name: Located<String>, candidates: [String], code: DiagnosticCode = .unresolvedReference
) -> Diagnostic {
  var notes: [DiagnosticNote] = []
  if let suggestion = Suggestion.didYouMean(name.value, in: candidates) { notes.append(DiagnosticNote(suggestion)) }
  notes.append(DiagnosticNote(candidates.isEmpty ? "no \(what)s are declared" : "declared \(what)s: \(candidates.sorted().joined(separator: ", "))"))
  return .error(code, "unknown \(what) '\(name.value)'", at: name.range, path: name.path, notes: notes)
}

extension DiagnosticCode {
  public static let invalidName = DiagnosticCode("check.invalid-name")
  public static let duplicateName = DiagnosticCode("check.duplicate-name")
  public static let unresolvedReference = DiagnosticCode("check.unresolved-reference")
  public static let invalidQuantity = DiagnosticCode("check.invalid-quantity")
  public static let gpuOversubscribed = DiagnosticCode("check.gpu-oversubscribed")
  public static let borrowingInconsistent = DiagnosticCode("check.borrowing-inconsistent")
  public static let timeSlicingShared = DiagnosticCode("check.time-slicing-shared")
  public static let unsupportedKubernetesVersion = DiagnosticCode("check.kubernetes-version")
  public static let invalidDigest = DiagnosticCode("check.invalid-digest")
  public static let invalidOwner = DiagnosticCode("check.invalid-owner")
  public static let invalidPool = DiagnosticCode("check.invalid-pool")
  public static let invalidServing = DiagnosticCode("check.invalid-serving")
  public static let invalidContract = DiagnosticCode("check.invalid-contract")
  public static let invalidEnvironment = DiagnosticCode("check.invalid-environment")
  public static let undeclaredModelPin = DiagnosticCode("check.undeclared-model")
  public static let invalidArtifactURI = DiagnosticCode("check.invalid-artifact")
  public static let missingEnvironmentFile = DiagnosticCode("check.missing-environment-file")
}
