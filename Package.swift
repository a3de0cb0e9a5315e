// swift-tools-version:6.0
import PackageDescription

/// The commit `paved --version` reports: the package's own git commit when it is built from a
/// checkout (`-dirty` when the tree had uncommitted changes), else `unknown`.
let buildCommit: String = {
  guard let git = Context.gitInformation else { return "unknown" }
  return String(git.currentCommit.prefix(12)) + (git.hasUncommittedChanges ? "-dirty" : "")
}()

/// Paved: a platform-as-code compiler for ML platforms.
/// Dependencies only point down; see ARCHITECTURE.md for what each module owns.
let package = Package(
  name: "Paved",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "paved", targets: ["paved"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2")
  ],
  targets: [
    /** Executable entry point: calls the CLI, nothing else. */
    .executableTarget(name: "paved", dependencies: ["CLI", "CSupport"]),
    /** Micro-benchmarks run by `make bench` (release builds only). */
    .executableTarget(
      name: "paved-bench", dependencies: ["CEL", "Hashing", "Policy", "PlatformModel", "SpecAST", "Diagnostics", "ModelArtifacts", "JSONWriting"]),
    /** ArgumentParser commands, argument structs and views; the only module that imports ArgumentParser. */
    .target(
      name: "CLI",
      dependencies: [
        "Driver", "Diagnostics", "Artifacts", "SpecAST", "VirtualFileSystem", "Planning", "Policy", "ModelValidation", "JSONWriting", "CSupport",
        "CEL", "GitRevisions", "Forge", "TextEscaping", "ModelArtifacts", "ModelSigning",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    /** Orchestrates load → check → lower → emit → write; returns values, never prints. */
    .target(
      name: "Driver",
      dependencies: [
        "Diagnostics", "VirtualFileSystem", "SpecSyntax", "SpecAST", "PlatformModel", "Compiler",
        "Artifacts", "EmitKubernetes", "EmitCI", "Forge", "Hashing", "GitRevisions", "Planning", "Policy",
        "ModelArtifacts", "ModelSigning", "ModelValidation", "CEL", "Locking", "OutputWriter", "EmitAdmission",
      ]),
    /** Source ranges, diagnostics as values, did-you-mean, renderers (text, JSON, GitHub). */
    .target(name: "Diagnostics", dependencies: ["JSONWriting"]),
    /** Typed JSON documents and the one deterministic JSON writer (sorted keys, one string quoter). No Foundation. */
    .target(name: "JSONWriting", dependencies: ["TextEscaping"]),
    /** Writing a string through a format's escapes, scalar by scalar (JSON, CEL, YAML double quotes, XML). */
    .target(name: "TextEscaping"),
    /** Read-only file trees (local directory, in-memory); git revisions implement the same protocol. */
    .target(name: "VirtualFileSystem"),
    /** YAML bytes → located node tree, with every hostile-input guard. The only module that reads YAML: it drives
        the system libyaml (CLibYAML) event by event and composes the located tree itself. */
    .target(name: "SpecSyntax", dependencies: ["Diagnostics", "CLibYAML", "TextEscaping"]),
    /** libyaml (libyaml-dev) as a system library; imported only by SpecSyntax. */
    .systemLibrary(
      name: "CLibYAML", pkgConfig: "yaml-0.1",
      providers: [.apt(["libyaml-dev"])]),
    /** The spec language: typed Platform/Environment documents decoded strictly from located nodes. */
    .target(name: "SpecAST", dependencies: ["Diagnostics", "SpecSyntax", "JSONWriting"]),
    /** The validated, resolved platform: plain Sendable values with provenance ranges. */
    .target(name: "PlatformModel", dependencies: ["Diagnostics", "QuantitySyntax"]),
    /** Semantic checks (one rule per file) and lowering passes: SpecAST → PlatformModel. */
    .target(name: "Compiler", dependencies: ["Diagnostics", "SpecAST", "PlatformModel"]),
    /** Artifacts, the ordered value tree, the deterministic YAML layout; no I/O. */
    .target(name: "Artifacts", dependencies: ["Diagnostics"]),
    /** The one writer of output: rendered trees (staged, swapped in atomically, journaled), the files Paved owns beside the spec, atomic single files. Only Driver imports it. */
    .target(name: "OutputWriter", dependencies: ["Artifacts", "Locking", "CSupport"]),
    /** Tiny C shims for syscalls Swift does not import (atomic directory exchange). */
    .target(name: "CSupport", cSettings: [.define("PAVED_COMMIT", to: "\"\(buildCommit)\"")]),
    /** PlatformModel → Kubernetes manifests (tenancy, Kueue); pure functions. */
    .target(name: "EmitKubernetes", dependencies: ["PlatformModel", "Artifacts", "Diagnostics"]),
    // Pull requests on GitHub and merge requests on GitLab, over their REST APIs (URLSession).
    .target(name: "Forge", dependencies: ["JSONWriting"]),
    // CI as code: GitHub Actions workflows, a GitLab CI include file, the CODEOWNERS block.
    .target(name: "EmitCI", dependencies: ["PlatformModel", "Artifacts"]),
    /** SHA-256 through OpenSSL EVP, streamed. */
    .target(name: "Hashing", dependencies: ["COpenSSL"]),
    /** OpenSSL (libssl-dev) as a system library. */
    .systemLibrary(
      name: "COpenSSL", pkgConfig: "openssl",
      providers: [.apt(["libssl-dev"])]),
    /** libgit2 (libgit2-dev) as a system library; imported only by GitRevisions. */
    .systemLibrary(
      name: "CLibGit2", pkgConfig: "libgit2",
      providers: [.apt(["libgit2-dev"])]),
    /** git behind a narrow interface: revisions as read-only file trees, history, commit, push. */
    .target(name: "GitRevisions", dependencies: ["CLibGit2", "VirtualFileSystem", "Locking"], exclude: ["README.md"]),
    /** Plans: diff two artifact sets by object identity, field-level, redacted; text/markdown/JSON renderers. */
    .target(name: "Planning", dependencies: ["Artifacts", "Diagnostics", "JSONWriting"], exclude: ["README.md"]),
    /** A CEL (Common Expression Language) interpreter: lexer, parser, evaluator, Kubernetes libraries. */
    .target(name: "CEL", dependencies: ["Locking", "QuantitySyntax", "TextEscaping"], exclude: ["README.md"]),
    /** The grammar of Kubernetes resource quantities, shared by the compiler and CEL. */
    .target(name: "QuantitySyntax"),
    /** The one lock (a heap pthread mutex), its condition variable, and a detached thread; libc only. */
    .target(name: "Locking"),
    /** Compiled object-scope policies → ValidatingAdmissionPolicies and bindings, gated by the target Kubernetes version. */
    .target(name: "EmitAdmission", dependencies: ["Policy", "Artifacts", "CEL", "Diagnostics", "SpecAST"]),
    /** Policy gates: policy documents compiled to CEL, evaluated on the platform and emitted objects; admission policies; reports. */
    .target(
      name: "Policy",
      dependencies: ["CEL", "Artifacts", "PlatformModel", "Diagnostics", "SpecAST", "SpecSyntax", "JSONWriting"]),
    /** Model artifact readers (safetensors, ONNX, GGUF, pickle), digests and contract facts. */
    .target(name: "ModelArtifacts", dependencies: ["Hashing", "Diagnostics"], exclude: ["README.md"]),
    /** OpenSSF model-signing verification: Sigstore bundle v0.3, DSSE PAE, keys and certificate chains over OpenSSL. */
    .target(name: "ModelSigning", dependencies: ["COpenSSL", "Hashing", "ModelArtifacts", "Diagnostics"], exclude: ["README.md"]),
    /** Model contracts: MLmodel / model card / metrics.json readers, contract and compatibility checks; the reports they produce are rendered by CLI views. */
    .target(
      name: "ModelValidation",
      dependencies: ["ModelArtifacts", "ModelSigning", "PlatformModel", "Diagnostics", "SpecSyntax"],
      exclude: ["README.md"]),
    /** Test helpers: golden files, marker parsing, diagnostic verifier. Not a product. */
    .target(
      name: "TestSupport",
      dependencies: ["Diagnostics", "VirtualFileSystem", "ModelArtifacts", "Hashing", "Artifacts", "OutputWriter"],
      path: "Tests/TestSupport"),

    .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics", "TestSupport"]),
    .testTarget(name: "JSONWritingTests", dependencies: ["JSONWriting"]),
    .testTarget(name: "SpecSyntaxTests", dependencies: ["SpecSyntax", "Diagnostics", "TestSupport"]),
    .testTarget(
      name: "CompilerTests",
      dependencies: ["Compiler", "SpecAST", "SpecSyntax", "PlatformModel", "Driver", "TestSupport", "VirtualFileSystem", "JSONWriting"]),
    .testTarget(name: "ArtifactsTests", dependencies: ["Artifacts", "OutputWriter", "SpecSyntax", "TestSupport"]),
    .testTarget(
      name: "DriverTests",
      dependencies: [
        "Driver", "Artifacts", "EmitKubernetes", "EmitCI", "Planning", "PlatformModel", "VirtualFileSystem", "TestSupport", "Diagnostics",
      ],
      exclude: ["Golden"]),
    .testTarget(name: "CLITests", dependencies: ["TestSupport", "paved"]),
    .testTarget(name: "HashingTests", dependencies: ["Hashing"]),
    .testTarget(name: "GitRevisionsTests", dependencies: ["GitRevisions", "VirtualFileSystem", "TestSupport"]),
    .testTarget(name: "CELTests", dependencies: ["CEL"]),
    .testTarget(name: "PlanningTests", dependencies: ["Planning", "Artifacts"]),
    .testTarget(
      name: "PlanApplyTests",
      dependencies: ["Driver", "Planning", "Artifacts", "GitRevisions", "Diagnostics", "VirtualFileSystem", "TestSupport", "paved"]),
    .testTarget(
      name: "PolicyTests",
      dependencies: [
        "Policy", "CEL", "Driver", "PlatformModel", "SpecAST", "SpecSyntax", "Diagnostics", "Artifacts", "VirtualFileSystem", "TestSupport", "CLI",
        "EmitAdmission",
      ],
      exclude: ["Fixtures"]),
    .testTarget(name: "ModelArtifactsTests", dependencies: ["ModelArtifacts", "Hashing", "TestSupport"]),
    .testTarget(name: "ModelSigningTests", dependencies: ["ModelSigning", "ModelArtifacts", "Hashing", "TestSupport"]),
    .testTarget(
      name: "ModelValidationTests",
      dependencies: ["ModelValidation", "ModelSigning", "ModelArtifacts", "PlatformModel", "Driver", "Diagnostics", "TestSupport", "CLI"]),
  ],
  swiftLanguageModes: [.v6]
)
