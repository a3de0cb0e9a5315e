import Foundation

/// A semantic version (semver.org 2.0.0) for the Kubernetes `semver` library.
public struct CELSemver: Sendable, Hashable, CustomStringConvertible {
  /// Major version.
  public let major: Int64
  /// Minor version.
  public let minor: Int64
  /// Patch version.
  public let patch: Int64
  /// Dot-separated pre-release identifiers.
  public let prerelease: [String]
  /// Dot-separated build metadata (ignored in comparisons).
  public let build: [String]

  /// Parses strictly, or with `normalize` also `v1`, `v1.2` and leading zeros (`01.02.03`).
  public init?(parsing text: String, normalize: Bool = false) {
    var core = Substring(text)
    if normalize, core.hasPrefix("v") { core = core.dropFirst() }
    var build: [String] = []
    if let plus = core.firstIndex(of: "+") {
      build = core[core.index(after: plus)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
      guard build.allSatisfy({ !$0.isEmpty && CELSemver.isIdentifier($0) }) else { return nil }
      core = core[..<plus]
    }
    var prerelease: [String] = []
    if let dash = core.firstIndex(of: "-") {
      prerelease = core[core.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false)
        .map(String.init)
      guard
        prerelease.allSatisfy({ part in
          !part.isEmpty && CELSemver.isIdentifier(part)
            && !(part.count > 1 && part.hasPrefix("0") && part.allSatisfy { $0.isASCII && $0.isNumber })
        })
      else { return nil }
      core = core[..<dash]
    }
    var numbers = core.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    if normalize { while numbers.count < 3 { numbers.append("0") } }
    guard numbers.count == 3 else { return nil }
    var parsed: [Int64] = []
    for number in numbers {
      guard !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(number) else {
        return nil
      }
      if !normalize && number.count > 1 && number.hasPrefix("0") { return nil }
      parsed.append(value)
    }
    major = parsed[0]
    minor = parsed[1]
    patch = parsed[2]
    self.prerelease = prerelease
    self.build = build
  }

  private static func isIdentifier(_ s: String) -> Bool {
    s.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
  }

  /// `major.minor.patch[-pre][+build]`.
  public var description: String {
    var text = "\(major).\(minor).\(patch)"
    if !prerelease.isEmpty { text += "-" + prerelease.joined(separator: ".") }
    if !build.isEmpty { text += "+" + build.joined(separator: ".") }
    return text
  }

  /// Semver precedence: -1, 0 or 1.
  public func compare(_ other: CELSemver) -> Int64 {
    for (a, b) in [(major, other.major), (minor, other.minor), (patch, other.patch)] where a != b {
      return a < b ? -1 : 1
    }
    if prerelease.isEmpty || other.prerelease.isEmpty {
      if prerelease.isEmpty == other.prerelease.isEmpty { return 0 }
      return prerelease.isEmpty ? 1 : -1
    }
    for (a, b) in zip(prerelease, other.prerelease) where a != b {
      switch (Int64(a), Int64(b)) {
      case (let x?, let y?): return x < y ? -1 : 1
      case (.some, nil): return -1
      case (nil, .some): return 1
      default: return a < b ? -1 : 1
      }
    }
    if prerelease.count == other.prerelease.count { return 0 }
    return prerelease.count < other.prerelease.count ? -1 : 1
  }
}
