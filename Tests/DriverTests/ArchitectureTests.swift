import Foundation
import TestSupport
import XCTest

/// ARCHITECTURE.md's module table is the rule: every `import` in `Sources/<module>/` must be of a
/// module its "may import" column names, and Package.swift must declare it. A new edge means
/// changing the table first, in review.
final class ArchitectureTests: XCTestCase {
  /// Modules of the toolchain and the system, importable where the table's column names them
  /// (Foundation) or anywhere (the C library, Dispatch).
  static let everywhere: Set<String> = ["Glibc", "Musl", "Darwin", "Dispatch", "Swift", "_Concurrency"]

  func testEveryImportIsAnEdgeTheModuleTableAllows() throws {
    let root = RepoPaths.packageRoot
    let table = try String(contentsOf: root.appendingPathComponent("ARCHITECTURE.md"), encoding: .utf8)
    let sources = root.appendingPathComponent("Sources")
    let modules = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { !$0.hasPrefix(".") }.sorted()
    let allowed = Self.allowedImports(table, modules: Set(modules))
    var violations: [String] = []
    for module in modules {
      guard let may = allowed[module] else {
        violations.append("\(module): no row in ARCHITECTURE.md's module table")
        continue
      }
      for (file, imported) in try Self.imports(in: sources.appendingPathComponent(module))
      where !may.contains(imported) && !Self.everywhere.contains(imported) {
        violations.append("Sources/\(module)/\(file) imports \(imported), which the table does not allow \(module)")
      }
    }
    XCTAssertEqual(violations, [])
  }

  func testThePackageDeclaresEveryImportedModuleOfOurs() throws {
    let root = RepoPaths.packageRoot
    let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
    let sources = root.appendingPathComponent("Sources")
    let modules = Set(try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { !$0.hasPrefix(".") })
    var violations: [String] = []
    for module in modules.sorted() {
      let declared = Self.declaredDependencies(manifest, target: module)
      for (file, imported) in try Self.imports(in: sources.appendingPathComponent(module))
      where modules.contains(imported) && !declared.contains(imported) {
        violations.append("Sources/\(module)/\(file) imports \(imported), not a declared dependency of \(module) in Package.swift")
      }
    }
    XCTAssertEqual(Array(Set(violations)).sorted(), [])
  }

  /// Module → what its "may import" column names (the first word of each comma-separated item that
  /// is a module of ours or of a package; "every library module below" is every later row).
  static func allowedImports(_ table: String, modules: Set<String>) -> [String: Set<String>] {
    var rows: [(names: [String], may: String)] = []
    for line in table.split(separator: "\n") where line.hasPrefix("| `") {
      let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
      guard cells.count >= 5 else { continue }
      let names = cells[1].split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " `")) }
      rows.append((names, cells[3]))
    }
    var out: [String: Set<String>] = [:]
    for (index, row) in rows.enumerated() {
      var may = Set<String>()
      if row.may.contains("every library module below") {
        for later in rows[(index + 1)...] { may.formUnion(later.names) }
      }
      for item in row.may.split(separator: ",") {
        let word = item.trimmingCharacters(in: CharacterSet(charactersIn: " *`")).split(separator: " ").first.map(String.init) ?? ""
        if !word.isEmpty { may.insert(word.trimmingCharacters(in: CharacterSet(charactersIn: "*`()"))) }
      }
      for name in row.names { out[name] = may }
    }
    return out
  }

  /// (file, module) for every `import` line under `directory`.
  static func imports(in directory: URL) throws -> [(String, String)] {
    var out: [(String, String)] = []
    let walker = FileManager.default.enumerator(atPath: directory.path)
    while let file = walker?.nextObject() as? String {
      guard file.hasSuffix(".swift") else { continue }
      let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
      for line in text.split(separator: "\n") {
        var words = line.trimmingCharacters(in: .whitespaces).split(separator: " ").map(String.init)
        while let first = words.first, first.hasPrefix("@") || ["public", "internal", "private", "fileprivate", "package"].contains(first) {
          words.removeFirst()
        }
        guard words.count >= 2, words[0] == "import" else { continue }
        // `import struct Module.Type` and `import Module.Submodule` name the module first.
        let target =
          ["struct", "class", "enum", "protocol", "func", "var", "let", "typealias"].contains(words[1]) && words.count >= 3 ? words[2] : words[1]
        out.append((file, String(target.split(separator: ".").first ?? "")))
      }
    }
    return out
  }

  /// The names in `dependencies: [...]` of `target` in Package.swift (products of packages by name).
  static func declaredDependencies(_ manifest: String, target: String) -> Set<String> {
    // The target's declaration (not the product of the same name): `.target(`, `.executableTarget(`, …
    guard let start = manifest.range(of: #"\.(target|executableTarget|testTarget)\(\s*name: ""# + target + "\"", options: .regularExpression) else {
      return []
    }
    let rest = manifest[start.upperBound...]
    guard let open = rest.range(of: "dependencies: [") else { return [] }
    // Only this target's own list: none when another target's name comes first.
    if let next = rest.range(of: "name: \""), next.lowerBound < open.lowerBound { return [] }
    let list = rest[open.upperBound...].prefix { $0 != "]" }
    var names = Set<String>()
    for match in list.split(separator: "\"", omittingEmptySubsequences: false).enumerated() where match.offset % 2 == 1 {
      names.insert(String(match.element))
    }
    return names
  }
}
