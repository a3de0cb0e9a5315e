// paved-bench: micro-benchmarks `make bench` runs in a release build (never part of `make test`).
// Prints one JSON object per line: {"bench": NAME, "seconds": S, ...}.
import CEL
import Foundation
import Hashing
import JSONWriting

func measure(_ body: () throws -> Void) rethrows -> Double {
  let start = DispatchTime.now()
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

/// One result line, through the project's one JSON writer (keys sorted).
func report(_ fields: [String: JSON]) {
  print(JSON.object(fields).rendered(pretty: false))
}

/// 1,000,000 evaluations of one compiled CEL program (median of 5).
func celThroughput() throws {
  let program = try CELProgram(compiling: "object.replicas <= 10 && object.name.startsWith('a')")
  let bindings: [String: CELValue] = ["object": ["replicas": 3, "name": "alpha"]]
  var times: [Double] = []
  var trueCount = 0
  for _ in 0..<5 {
    trueCount = 0
    times.append(
      try measure {
        for _ in 0..<1_000_000 where try program.evaluate(bindings: bindings) == .bool(true) { trueCount += 1 }
      })
  }
  guard trueCount == 1_000_000 else { throw CocoaError(.featureUnsupported) }
  report(["bench": "cel-1m-evaluations", "seconds": .double(times.sorted()[2]), "evaluations": 1_000_000])
}

/// SHA-256 of 1 GiB held in memory, through OpenSSL EVP in 1 MiB blocks (median of 3).
func sha256Throughput() {
  let block = [UInt8](repeating: 0x5a, count: 1 << 20)
  var times: [Double] = []
  for _ in 0..<3 {
    times.append(
      measure {
        let hasher = SHA256Hasher()
        for _ in 0..<1024 { hasher.update(block) }
        _ = hasher.finalize()
      })
  }
  let seconds = times.sorted()[1]
  report(["bench": "sha256-1gib-memory", "seconds": .double(seconds), "mibPerSecond": .double(1024 / seconds)])
}

let which = CommandLine.arguments.dropFirst().first ?? "all"
if which == "all" || which == "cel" { try celThroughput() }
if which == "all" || which == "sha256" { sha256Throughput() }
if which == "all" || which == "policy" { try policyGPUQuota() }
if which == "model-inspect", CommandLine.arguments.count > 2 { try modelInspect(path: CommandLine.arguments[2]) }
