import Diagnostics

/// Text with position markers (1️⃣ 2️⃣ … 9️⃣) removed, and where each marker stood.
///
/// ```
/// tenants:
///   - 1️⃣nmae: search
/// ```
/// gives the clean text and marker "1️⃣" at line 2, column 5 (columns in Unicode scalars, as libyaml counts).
public struct MarkedText {
  public static let markers = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]
  public let text: String
  public let positions: [String: (line: Int, column: Int)]

  public init(_ marked: String) {
    var clean = ""
    var positions: [String: (line: Int, column: Int)] = [:]
    var line = 1
    var column = 1
    var rest = Substring(marked)
    outer: while let first = rest.first {
      for marker in Self.markers where rest.hasPrefix(marker) {
        positions[marker] = (line, column)
        rest = rest.dropFirst(marker.count)
        continue outer
      }
      clean.append(first)
      if first == "\n" {
        line += 1
        column = 1
      } else {
        column += first.unicodeScalars.count
      }
      rest = rest.dropFirst()
    }
    text = clean
    self.positions = positions
  }
}

/// An expected diagnostic: its code at a marker (or at a fixed position in another file).
public struct ExpectedDiagnostic: CustomStringConvertible {
  public var marker: String
  public var code: String
  public var file: String?
  public var summaryContains: String?

  public init(_ marker: String, _ code: String, file: String? = nil, contains: String? = nil) {
    self.marker = marker
    self.code = code
    self.file = file
    self.summaryContains = contains
  }

  public var description: String { "\(code) at \(marker)" }
}
