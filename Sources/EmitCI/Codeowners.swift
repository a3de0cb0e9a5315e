import PlatformModel

/// Paved's block of CODEOWNERS: the platform owners own platform.yaml, policies/ and the CI files;
/// each tenant's owners own its rendered files (when the rendered tree is committed beside the
/// spec); each environment's approvers own `environments/<env>.yaml`. Later lines win, so the
/// specific ones come last.
public struct Codeowners {
  let platform: Platform
  let ci: CIConfig

  public static let begin = "# BEGIN paved"
  public static let end = "# END paved"

  func block() -> String {
    var lines = [Self.begin, CIEmitter.marker]
    let platformOwners = handles(ci.platformOwners)
    if !platformOwners.isEmpty {
      // The trusted signers' keys decide which artifacts may run: the platform owners own them too.
      let keys = Set(platform.models.flatMap { $0.contract?.signers.flatMap(\.files) ?? [] }).sorted().map { "/" + $0 }
      let owned = ["/platform.yaml", "/policies/"] + keys + CIEmitter.paths(ci).map { "/" + $0 } + ["/" + ci.codeownersFile]
      lines += owned.map { "\($0) \(platformOwners)" }
    }
    // Tenants' rendered files are in this repository unless a merge commits them to a deploy branch.
    if ci.apply != nil ? ci.apply == .directory : true {
      for tenant in platform.tenants {
        let owners = handles(tenant.owners.map { ($0.kind == .group ? "group:" : "user:") + $0.name })
        if !owners.isEmpty { lines.append("/\(platform.gitops.path)/*/tenants/\(tenant.name)/ \(owners)") }
      }
    }
    for env in platform.environments where !env.approvers.isEmpty {
      lines.append("/environments/\(env.name).yaml \(handles(env.approvers))")
    }
    lines.append(Self.end)
    return lines.joined(separator: "\n") + "\n"
  }

  private func handles(_ owners: [String]) -> String {
    owners.compactMap { ci.handle(forOwner: $0) }.joined(separator: " ")
  }

  /// Why a CODEOWNERS text cannot take Paved's block.
  public enum MergeProblem: Error, Equatable {
    case unterminated(line: Int)
    case repeated(line: Int)
  }

  /// `existing` with Paved's block replaced by `block` (or appended, after a blank line, when it has
  /// none; `block` alone when there is no file). Everything outside the block is kept byte for byte.
  public static func merge(existing: String?, block: String) -> Result<String, MergeProblem> {
    guard let existing, !existing.isEmpty else { return .success(block) }
    let lines = existing.split(separator: "\n", omittingEmptySubsequences: false)
    let begins = lines.indices.filter { lines[$0] == begin }
    guard let start = begins.first else {
      let separator = existing.hasSuffix("\n\n") ? "" : existing.hasSuffix("\n") ? "\n" : "\n\n"
      return .success(existing + separator + block)
    }
    if begins.count > 1 { return .failure(.repeated(line: begins[1] + 1)) }
    guard let stop = lines[start...].firstIndex(where: { $0 == end }) else { return .failure(.unterminated(line: start + 1)) }
    let before = lines[..<start].joined(separator: "\n")
    let after = lines[(stop + 1)...].joined(separator: "\n")
    return .success((start == 0 ? "" : before + "\n") + block + after)
  }

  /// Paved's block in `text`, if it has exactly one whole block.
  public static func block(in text: String) -> String? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard let start = lines.firstIndex(where: { $0 == begin }), let stop = lines[start...].firstIndex(where: { $0 == end }) else { return nil }
    return lines[start...stop].joined(separator: "\n") + "\n"
  }
}
