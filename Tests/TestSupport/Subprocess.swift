import Foundation

/// Runs a program and captures its output; for tests only.
public struct Subprocess {
  public struct Result {
    public var status: Int32
    public var stdout: String
    public var stderr: String
  }

  /// Runs `arguments[0]` (looked up on PATH when not absolute) with the rest as arguments.
  @discardableResult
  public static func run(_ arguments: [String], cwd: String? = nil, environment: [String: String]? = nil, stdin: String? = nil) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    if let environment {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let input = Pipe()
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try? input.fileHandleForWriting.close()
    // Read both pipes concurrently so a full pipe never blocks the child.
    final class Box: @unchecked Sendable { var data = Data() }
    let errBox = Box()
    // The semaphore orders the reader's write before the read below (polling `isFinished` does not).
    let read = DispatchSemaphore(value: 0)
    let reader = Thread {
      errBox.data = err.fileHandleForReading.readDataToEndOfFile()
      read.signal()
    }
    reader.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    read.wait()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errBox.data, as: UTF8.self))
  }

  /// True when `program` is on PATH.
  public static func available(_ program: String) -> Bool {
    (try? run(["sh", "-c", "command -v \(program)"]).status) == 0
  }
}
