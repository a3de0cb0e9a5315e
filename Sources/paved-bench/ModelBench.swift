import Foundation
import JSONWriting
import ModelArtifacts

/// Bytes this process has read so far (`rchar` of /proc/self/io: read and pread alike), or 0.
func bytesReadSoFar() -> UInt64 {
  guard let text = try? String(contentsOfFile: "/proc/self/io", encoding: .utf8) else { return 0 }
  for line in text.split(separator: "\n") where line.hasPrefix("rchar:") {
    return UInt64(line.dropFirst(6).trimmingCharacters(in: .whitespaces)) ?? 0
  }
  return 0
}

/// `paved-bench model-inspect PATH`: header-only `ArtifactInspector.inspect` of PATH in process
/// (median of 21, no process start), and the bytes one inspection read.
func modelInspect(path: String) throws {
  var times: [Double] = []
  var read: UInt64 = 0
  for _ in 0..<21 {
    let before = bytesReadSoFar()
    times.append(try measure { _ = try ArtifactInspector.inspect(path: path, digests: false) })
    read = bytesReadSoFar() &- before
  }
  let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.uint64Value ?? 0
  report(["bench": "model-inspect-header", "seconds": .double(times.sorted()[10]), "bytesRead": .integer(read), "fileBytes": .integer(size)])
}
