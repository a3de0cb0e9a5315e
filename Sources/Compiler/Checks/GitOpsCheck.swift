import Diagnostics
import SpecAST

/// `spec.gitops`: the output path stays inside the repository; repoURL is a URL; reserved names unused.
struct GitOpsCheck: SpecCheck {
  let id = "gitops"

  func run(_ input: CheckInput) -> [Diagnostic] {
    var out: [Diagnostic] = []
    if let path = input.platform.spec.gitops?.path {
      let parts = path.value.split(separator: "/")
      if path.value.hasPrefix("/") || parts.contains("..") || parts.allSatisfy({ $0 == "." }) {
        out.append(.error(.invalidGitOps, "output path '\(path.value)' must be a directory inside the repository", at: path.range, path: path.path, notes: [DiagnosticNote("use a relative path without '..', such as deploy")]))
      }
    }
    if let url = input.platform.spec.gitops?.repoURL, !(url.value.contains("://") || url.value.hasPrefix("git@")) {
      out.append(.error(.invalidGitOps, "repoURL '\(url.value)' is not a git URL", at: url.range, path: url.path))
    }
    for pool in input.platform.spec.gpuPools {
      if let name = pool.name, name.value == "default" {
        out.append(.error(.invalidName, "the pool name 'default' is reserved for the CPU/memory flavor", at: name.range, path: name.path))
      }
    }
    return out
  }
}

extension DiagnosticCode {
  public static let invalidGitOps = DiagnosticCode("check.invalid-gitops")
}
