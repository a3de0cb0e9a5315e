import Diagnostics
import XCTest

/// Checks that a run produced exactly the expected diagnostics: same codes at the marked positions.
public enum DiagnosticVerifier {
  /// - Parameters:
  ///   - markedFiles: file name → its marked text (positions come from here).
  public static func verify(
    _ diagnostics: [Diagnostic], expected: [ExpectedDiagnostic], markedFiles: [String: MarkedText],
    file: StaticString = #filePath, line: UInt = #line
  ) {
    var remaining = diagnostics.filter { $0.severity == .error || $0.severity == .warning }
    for expectation in expected {
      let candidates = markedFiles.compactMap { name, marked -> (String, (line: Int, column: Int))? in
        guard expectation.file == nil || expectation.file == name, let pos = marked.positions[expectation.marker] else { return nil }
        return (name, pos)
      }
      guard let (fileName, position) = candidates.first else {
        XCTFail("marker \(expectation.marker) not found in the marked input", file: file, line: line)
        continue
      }
      let index = remaining.firstIndex { d in
        d.code.rawValue == expectation.code && d.range?.start.file == fileName
          && d.range?.start.line == position.line && d.range?.start.column == position.column
          && (expectation.summaryContains.map { d.summary.contains($0) } ?? true)
      }
      if let index {
        remaining.remove(at: index)
      } else {
        let got = diagnostics.map { "\($0.code) \($0.range?.description ?? "-") \($0.summary)" }.joined(separator: "\n  ")
        XCTFail("expected \(expectation) (\(fileName):\(position.line):\(position.column)); got:\n  \(got)", file: file, line: line)
      }
    }
    for extra in remaining {
      XCTFail("unexpected diagnostic \(extra.code) at \(extra.range?.description ?? "-"): \(extra.summary)", file: file, line: line)
    }
  }
}
