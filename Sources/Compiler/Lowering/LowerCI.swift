import PlatformModel
import SpecAST

extension Lowering {
  /// `spec.ci` → `CIConfig`. `CICheck` ran first, so every value here is valid.
  static func lowerCI(_ ci: CISpec, environments: [String]) -> CIConfig {
    let providers = CIConfig.Provider.allCases.filter { p in ci.providers.contains { $0.value == p.rawValue } }
    let install: CIConfig.Install =
      if let image = ci.paved?.image?.value { .image(image) } else {
        .source(repository: ci.paved?.source?.repository?.value ?? "", revision: ci.paved?.source?.revision?.value ?? "")
      }
    let apply: CIConfig.ApplyMethod? = ci.apply.map { a in
      a.method?.value == "directory" ? .directory : .branch(a.branch?.value ?? "deploy")
    }
    let chosen = ci.apply?.environments.map { Set($0.map(\.value)) }
    let required = ci.requiredChecks.map { names in CIConfig.Check.allCases.filter { c in names.contains { $0.value == c.rawValue } } }
    let defaultFile = providers == [.gitlab] ? "CODEOWNERS" : ".github/CODEOWNERS"
    var config = CIConfig(
      providers: providers, install: install, runner: ci.runner?.map(\.value), defaultBranch: ci.defaultBranch?.value ?? "main",
      apply: apply, applyEnvironments: apply == nil ? [] : environments.filter { chosen?.contains($0) ?? true },
      driftSchedule: ci.drift?.schedule?.value,
      requiredChecks: required ?? [.ciFiles, .validate, .check, .plan],
      codeownersFile: ci.codeowners?.file?.value ?? defaultFile, codeownersOrg: ci.codeowners?.org?.value,
      platformOwners: ci.codeowners?.platform?.map(\.value) ?? [], fetchModelArtifact: ci.modelArtifacts?.fetch?.value)
    config.promoteSchedule = ci.promote?.schedule?.value
    return config
  }
}
