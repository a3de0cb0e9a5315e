import Foundation
import ModelArtifacts
import TestSupport
import XCTest

@testable import ModelValidation

/// MLflow model directories written by the real `mlflow-skinny` (`mlflow.pyfunc.save_model`)
/// read back through our MLmodel reader. Skipped with a printed reason when the venv lacks mlflow.
final class MLflowCrossCheckTests: XCTestCase {
  func testMLflowWrittenDirectoriesReadBack() throws {
    guard let python = RepoPaths.venvPython,
      (try? Subprocess.run([python, "-c", "import mlflow.pyfunc, mlflow.models.signature"]).status) == 0
    else {
      print("MLflowCrossCheckTests: skipped, the venv has no mlflow-skinny/pandas (run make venv)")
      throw missingTool("mlflow-skinny not installed")
    }
    let dir = RepoPaths.temporaryDirectory("paved-mlflow")
    defer { try? FileManager.default.removeItem(at: dir) }
    let script = """
      import numpy as np, mlflow.pyfunc
      from mlflow.models.signature import ModelSignature
      from mlflow.types.schema import Schema, TensorSpec, ColSpec
      class M(mlflow.pyfunc.PythonModel):
          def predict(self, context, model_input, params=None): return model_input
      t = ModelSignature(inputs=Schema([TensorSpec(np.dtype(np.float32), (-1, 4), "x")]), outputs=Schema([TensorSpec(np.dtype(np.int64), (-1,), "y")]))
      mlflow.pyfunc.save_model("tensor", python_model=M(), signature=t, metadata={"owner": "me", "git_commit": "abc"})
      c = ModelSignature(inputs=Schema([ColSpec("double", "a"), ColSpec("long", "b", required=False), ColSpec("string", "c")]), outputs=Schema([ColSpec("double")]))
      mlflow.pyfunc.save_model("columns", python_model=M(), signature=c)
      """
    let result = try Subprocess.run([python, "-c", script], cwd: dir.path, environment: ["MLFLOW_TRACKING_URI": "file://" + dir.path + "/runs"])
    XCTAssertEqual(result.status, 0, result.stderr)

    let (tensor, tensorDiagnostics) = ModelDescriber.describe(path: dir.path + "/tensor")
    XCTAssertEqual(tensorDiagnostics, [])
    let t = try XCTUnwrap(tensor)
    XCTAssertTrue(t.formats.contains("mlflow"))
    XCTAssertEqual(t.signatureSource, "MLmodel")
    XCTAssertEqual(t.inputs, [TensorSpec(name: "x", dtype: .f32, shape: [.unknown, .fixed(4)])])
    XCTAssertEqual(t.outputs, [TensorSpec(name: "y", dtype: .i64, shape: [.unknown])])
    XCTAssertEqual(t.metadata["owner"]?.value, .string("me"))
    XCTAssertEqual(t.metadata["owner"]?.source.key, "metadata.owner")
    XCTAssertEqual(t.metadata["mlflow.mlflow_version"]?.value, .string("3.17.2"))
    // The cloudpickled python_model.pkl is a pickle that rebuilds code: never allowlisted.
    XCTAssertEqual(t.pickleFiles, ["python_model.pkl"])
    XCTAssertFalse(t.facts.pickleFindings.isEmpty)

    let (columns, columnDiagnostics) = ModelDescriber.describe(path: dir.path + "/columns")
    XCTAssertEqual(columnDiagnostics, [])
    let c = try XCTUnwrap(columns)
    XCTAssertEqual(c.inputs.map(\.name), ["a", "b", "c"])
    XCTAssertEqual(c.inputs.map(\.dtype), [.f64, .i64, .string])
    XCTAssertEqual(c.optionalInputs, ["b"])
    XCTAssertEqual(c.outputs.map(\.dtype), [.f64])
  }
}
