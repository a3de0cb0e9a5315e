import Diagnostics
import ModelSigning
import PlatformModel

/// One line of the report: a contract rule and whether the artifact met it.
public struct CheckResult: Sendable, Hashable {
  /// Pass, fail, or not applicable / not checked.
  public enum Status: String, Sendable, Hashable, Codable { case pass, fail, skip }
  /// Stable identifier (`format`, `inputs`, `outputs`, `size`, `metadata`, `metrics`, `pickle`,
  /// `signature`, `digest`, `compatibility`, `artifact`).
  public var id: String
  /// The outcome.
  public var status: Status
  /// One line for humans.
  public var detail: String

  /// Creates a check result.
  public init(id: String, status: Status, detail: String) {
    self.id = id
    self.status = status
    self.detail = detail
  }
}

/// The outcome of `paved model validate`: every check, every finding, and what was read.
public struct ValidationReport: Sendable {
  /// The model's name.
  public var model: String
  /// The artifact path as given.
  public var artifact: String
  /// The environment whose pin was compared, when `--env` was given.
  public var environment: String?
  /// What the readers found (nil when the artifact could not be read).
  public var description: ModelDescription?
  /// The signature verification, when a bundle was given.
  public var signature: VerificationResult?
  /// The pinned version compared for compatibility, when a baseline was given.
  public var baselineVersion: String?
  /// Checks in a fixed order.
  public var checks: [CheckResult]
  /// Findings with stable `model.*` codes.
  public var diagnostics: Diagnostics

  /// True when no finding is an error.
  public var passed: Bool { !diagnostics.hasErrors }

  /// Creates a report.
  public init(
    model: String, artifact: String, environment: String?, description: ModelDescription?,
    signature: VerificationResult?, baselineVersion: String?, checks: [CheckResult], diagnostics: Diagnostics
  ) {
    self.model = model
    self.artifact = artifact
    self.environment = environment
    self.description = description
    self.signature = signature
    self.baselineVersion = baselineVersion
    self.checks = checks
    self.diagnostics = diagnostics
  }
}
