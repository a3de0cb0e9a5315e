import VirtualFileSystem

/// Every regular file under a directory of a file tree, as paths relative to that directory.
enum TreeListing {
  static func files(_ fs: any ReadOnlyFileSystem, under directory: String) -> [String] {
    var out: [String] = []
    walk(fs, directory, relative: "", into: &out)
    return out.sorted()
  }

  private static func walk(_ fs: any ReadOnlyFileSystem, _ dir: String, relative: String, into out: inout [String]) {
    guard let names = try? fs.listDirectory(dir) else { return }
    for name in names {
      let path = TreePath.join(dir, name)
      let rel = TreePath.join(relative, name)
      switch fs.entryKind(path) {
      case .directory: walk(fs, path, relative: rel, into: &out)
      case .file, .symlink: out.append(rel)
      case nil: continue
      }
    }
  }
}
