// libFuzzer target: YAMLLoader (libyaml events → LocatedNode, every hostile-input guard), then a
// walk of the whole tree so every node and range is touched.
import Diagnostics
import SpecSyntax

func walk(_ node: LocatedNode) -> Int {
  var count = 1
  var stack = [node]
  while let next = stack.popLast() {
    precondition(next.range.start.line >= 1 && next.range.start.column >= 1, "unlocated node")
    switch next.kind {
    case .scalar(let s): count += s.text.utf8.count > 0 ? 1 : 0
    case .sequence(let items): stack += items
    case .mapping(let entries):
      count += entries.count
      stack += entries.map(\.value)
    }
  }
  return count
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  let (document, diagnostics) = YAMLLoader.load(bytes, file: "platform.yaml")
  precondition(document != nil || !diagnostics.isEmpty, "no document without a diagnostic saying why")
  if document != nil {
    // The one problem a document survives: duplicate keys, reported so the rest of the file is still checked.
    precondition(diagnostics.allSatisfy { $0.code == .duplicateKey }, "a document despite \(diagnostics.map(\.code))")
  }
  for d in diagnostics { precondition(d.range != nil, "unlocated diagnostic \(d.code)") }
  if let document { _ = walk(document.root) }
  return 0
}
