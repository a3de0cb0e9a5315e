/// The verdict on one global referenced by a pickle.
public enum PickleGlobalVerdict: String, Sendable, Hashable, Codable {
  /// On the allowlist: a tensor/storage rebuild helper or a plain container type.
  case allowed
  /// On the deny-list: known to execute code or touch the system.
  case dangerous
  /// Not on the allowlist (treated as unsafe: the scanner fails closed).
  case notAllowed = "not-allowed"
  /// The module or name could not be resolved statically.
  case unresolved
}

/// Classifies `module.name` globals. Allowlist first (anything not on it is unsafe); the
/// deny-list only sharpens the reason given for well-known attack primitives.
public enum PickleAllowlist {
  /// Globals a weights-only loader needs: torch rebuild helpers and storages, numpy arrays and
  /// dtypes, ordered dicts and a few inert builtins.
  public static let allowed: Set<String> = {
    var names: Set<String> = [
      "collections.OrderedDict", "collections.Counter",
      "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor_v3",
      "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state",
      "torch._utils._rebuild_qtensor", "torch._utils._rebuild_sparse_tensor",
      "torch._utils._rebuild_meta_tensor_no_storage", "torch._utils._rebuild_nested_tensor",
      "torch._utils._rebuild_device_tensor_from_numpy", "torch._tensor._rebuild_from_type_v2",
      "torch.nn.parameter.Parameter", "torch.Size", "torch.device", "torch.serialization._get_layout",
      "torch.strided", "torch.sparse_coo", "torch.UntypedStorage", "torch.storage.UntypedStorage",
      "torch.storage.TypedStorage",
      "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct",
      "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar", "numpy.ndarray", "numpy.dtype",
      "builtins.set", "builtins.frozenset", "builtins.bytearray", "builtins.bytes", "builtins.slice",
      "builtins.complex", "_codecs.encode",
    ]
    let storages = [
      "Float", "Double", "Half", "BFloat16", "Long", "Int", "Short", "Char", "Byte", "Bool", "ComplexFloat",
      "ComplexDouble", "QInt8", "QUInt8", "QInt32", "QUInt4x2", "QUInt2x4",
    ]
    for storage in storages { names.insert("torch.\(storage)Storage") }
    let dtypes = [
      "float32", "float", "float64", "double", "float16", "half", "bfloat16", "int8", "int16", "short", "int32",
      "int", "int64", "long", "uint8", "uint16", "uint32", "uint64", "bool", "complex64", "complex128",
      "float8_e4m3fn", "float8_e5m2", "qint8", "quint8", "qint32",
    ]
    for dtype in dtypes { names.insert("torch.\(dtype)") }
    return names
  }()

  /// Modules whose every attribute is an attack primitive.
  public static let dangerousModules: Set<String> = [
    "os", "posix", "nt", "subprocess", "sys", "socket", "shutil", "runpy", "pty", "pickle", "_pickle", "pdb",
    "bdb", "asyncio", "ctypes", "importlib", "marshal", "code", "codeop", "commands", "webbrowser", "httplib",
    "http", "requests", "urllib", "urllib2", "aiohttp", "multiprocessing", "signal", "platform", "types",
    "pip", "setuptools", "cloudpickle", "dill", "joblib", "timeit", "tempfile", "glob", "io", "_io", "builtins",
    "_posixsubprocess", "posixpath", "ntpath", "threading", "_thread", "gc", "inspect",
  ]

  /// Individual attack primitives outside the dangerous modules.
  public static let dangerousGlobals: Set<String> = [
    "operator.attrgetter", "operator.itemgetter", "operator.methodcaller", "functools.partial",
    "functools.reduce", "torch.serialization.load", "torch.load", "torch.storage._load_from_bytes",
    "numpy.load", "numpy.testing._private.utils.runstring", "torch.hub.load", "torch.jit.load",
    "copyreg._reconstructor",
  ]

  /// Python 2 module names that `fix_imports` maps to Python 3 ones.
  static let python2Modules: [String: String] = [
    "__builtin__": "builtins", "copy_reg": "copyreg", "cPickle": "pickle", "exceptions": "builtins",
    "UserDict": "collections", "commands": "subprocess",
  ]

  /// The verdict for `module` / `name` (after Python 2 name fix-ups).
  public static func classify(module: String, name: String) -> PickleGlobalVerdict {
    let fixedModule = python2Modules[module] ?? module
    let qualified = "\(fixedModule).\(name)"
    if allowed.contains(qualified) { return .allowed }
    let root = fixedModule.split(separator: ".").first.map(String.init) ?? fixedModule
    if dangerousModules.contains(root) || dangerousModules.contains(fixedModule)
      || dangerousGlobals.contains(qualified)
    {
      return .dangerous
    }
    return .notAllowed
  }

  /// A human-readable reason for a verdict.
  static func reason(_ verdict: PickleGlobalVerdict, module: String, name: String) -> String {
    switch verdict {
    case .allowed: "allowlisted"
    case .dangerous: "\(module).\(name) is a known code-execution or system-access primitive"
    case .notAllowed: "\(module).\(name) is not on the weights-only allowlist"
    case .unresolved: "the imported module or name could not be resolved statically"
    }
  }
}
