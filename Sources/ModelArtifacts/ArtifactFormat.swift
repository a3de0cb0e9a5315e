/// The kind of artifact a file was recognised as.
public enum ArtifactFormat: String, Sendable, Hashable, Codable, CaseIterable {
  case safetensors
  case gguf
  case onnx
  /// A raw pickle stream (`.pkl`, `.joblib`, cloudpickle, …).
  case pickle
  /// A `torch.save` zip archive (≥ 1.6) holding `data.pkl`.
  case torchZip = "torch-zip"
  /// A legacy `torch.save` file: a sequence of pickles starting with the magic number.
  case torchLegacy = "torch-legacy"
  /// A NumPy `.npy` array (pickle-bearing when its dtype is `object`).
  case numpy
  /// A zip of `.npy` arrays (`.npz`).
  case numpyZip = "numpy-zip"
  /// A directory of several artifact files.
  case directory
  /// Not recognised as any model format.
  case unknown
}
