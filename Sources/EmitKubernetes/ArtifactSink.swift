import Artifacts

/// Where an emitter puts its files. An emitter names each file (whose it is, and its path) and says
/// how to render it; the sink decides what to make of it. Emitters never learn what a sink kept, so
/// what a render leaves out (a plan skips the tenants that render the same on both sides) is decided
/// entirely by the caller, not here.
public protocol ArtifactSink {
  /// A file of `tenant` (nil: of the platform or an environment as a whole) at `path`, relative to
  /// the output root. `render` makes the file at the path it is given. A sink may call neither
  /// closure: nothing of the file is built then.
  mutating func file(of tenant: String?, _ path: @autoclosure () -> String, _ render: (String) -> Artifact)
}
