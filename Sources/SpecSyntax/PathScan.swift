import CLibYAML

/// Reads the scalar entries of the one mapping at a key path (`spec` → `models` → `ranker`)
/// straight from libyaml's events, building no tree: for reading one value out of thousands of
/// versions of a file (`paved promote`'s soak walk). It refuses what the loader refuses anywhere in
/// the file (anchors, aliases, tags other than the core ones, merge keys, keys that are
/// collections, a second document, a parse error) and repeated keys along the path; it makes no
/// text for scalars off the path.
public enum PathScan {
  /// The mapping's scalar entries (plain `null`/`true`/`false` are not strings, and are left out);
  /// nil when the file does not hold such a mapping or is not a file Paved would read.
  public static func scalars(_ bytes: [UInt8], at path: [String]) -> [String: String]? {
    guard !path.isEmpty, let parser = LibYAMLParser(bytes) else { return nil }
    struct Frame {
      var isMapping: Bool
      /// How much of `path` leads here; nil when off the path.
      var depth: Int?
      /// Whether the mapping's next node is a value (its key was read).
      var inValue = false
      /// The key being read, kept only on the path (nothing off it is compared or stored).
      var key: String? = nil
      var keys: Set<String> = []
    }
    var stack: [Frame] = []
    var found: [String: String]?
    var documents = 0
    do {
      while true {
        let stop: Bool? = try parser.next { e -> Bool? in
          let event = e.pointee
          // Where a new node goes: the value of the top mapping's current key, or an item.
          func childDepth() -> Int? {
            guard let top = stack.last else { return 0 }
            guard top.isMapping, let depth = top.depth, depth < path.count, top.key == path[depth] else { return nil }
            return depth + 1
          }
          func consumed() {
            if let i = stack.indices.last, stack[i].isMapping {
              stack[i].inValue = false
              stack[i].key = nil
            }
          }
          switch event.type {
          case YAML_STREAM_END_EVENT: return true
          case YAML_DOCUMENT_START_EVENT:
            documents += 1
            return documents > 1 ? nil : false
          case YAML_ALIAS_EVENT: return nil
          case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            if s.anchor != nil { return nil }
            if s.quoted_implicit == 0 && s.plain_implicit == 0, libyamlString(s.tag) != "tag:yaml.org,2002:str" { return nil }
            guard let i = stack.indices.last, stack[i].isMapping else { return false }
            if !stack[i].inValue && s.style == YAML_PLAIN_SCALAR_STYLE && s.length == 2 && s.value[0] == 0x3C && s.value[1] == 0x3C {
              return nil  // a merge key
            }
            // Off the path, a scalar only moves the mapping between key and value: no text is made.
            guard stack[i].depth != nil else {
              stack[i].inValue.toggle()
              return false
            }
            let text = String(decoding: UnsafeBufferPointer(start: s.value, count: s.length), as: UTF8.self)
            if !stack[i].inValue {
              guard stack[i].keys.insert(text).inserted else { return nil }
              stack[i].key = text
              stack[i].inValue = true
            } else {
              if stack[i].depth == path.count, let key = stack[i].key {
                let plain = s.style == YAML_PLAIN_SCALAR_STYLE
                let kind = plain ? PlainScalarKind.classify(text) : .string
                if kind != .null && kind != .bool { found?[key] = text }
              }
              stack[i].key = nil
              stack[i].inValue = false
            }
            return false
          case YAML_MAPPING_START_EVENT, YAML_SEQUENCE_START_EVENT:
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
            let implicit = isMapping ? event.data.mapping_start.implicit : event.data.sequence_start.implicit
            let tag = libyamlString(isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag)
            if anchor != nil || (implicit == 0 && tag != "tag:yaml.org,2002:" + (isMapping ? "map" : "seq")) { return nil }
            if let top = stack.last, top.isMapping, !top.inValue { return nil }  // a collection as a key
            let depth = isMapping ? childDepth() : nil
            if depth == path.count {
              if found != nil { return nil }
              found = [:]
            }
            stack.append(Frame(isMapping: isMapping, depth: depth))
            return false
          case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
            stack.removeLast()
            consumed()
            return false
          default:
            return false
          }
        }
        guard let stop else { return nil }
        if stop { break }
      }
    } catch {
      return nil
    }
    return found
  }
}
