#!/usr/bin/env python3
"""Writes the small seed corpora in Fuzz/corpus/<target>/ (run with the project venv:
.venv/bin/python Fuzz/make_seeds.py). Deterministic; no pickle is ever loaded."""
import base64
import io
import json
import os
import struct
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))


def put(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def safetensors_seeds():
    import numpy as np
    from safetensors.numpy import save
    put("safetensors", "two-tensors", save({"w": np.zeros((2, 4), np.float32), "b": np.zeros(2, np.int64)}, metadata={"owner": "me"}))
    put("safetensors", "scalar-bf16", b"".join([struct.pack("<Q", 56), b'{"x":{"dtype":"BF16","shape":[],"data_offsets":[0,2]}}'.ljust(56), b"\0\0"]))


def gguf_seeds():
    import numpy as np
    import gguf
    path = "/tmp/paved-seed.gguf"
    w = gguf.GGUFWriter(path, "llama")
    w.add_name("seed")
    w.add_string("general.license", "mit")
    w.add_array("tokenizer.ggml.tokens", ["a", "b", "c"])
    w.add_tensor("t", np.zeros((8, 4), np.float32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    put("gguf", "llama", open(path, "rb").read())
    os.remove(path)


def onnx_seeds():
    import numpy as np
    import onnx
    from onnx import TensorProto, helper
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 4])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 2])
    w = helper.make_tensor("W", TensorProto.FLOAT, [4, 2], np.zeros(8, np.float32).tolist())
    g = helper.make_graph([helper.make_node("MatMul", ["x", "W"], ["y"])], "g", [x], [y], [w])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
    m.ir_version = 8
    p = m.metadata_props.add()
    p.key, p.value = "owner", "me"
    put("onnx", "matmul", m.SerializeToString())
    ext = TensorProto()
    ext.name, ext.data_type = "E", TensorProto.FLOAT
    ext.dims.extend([2])
    ext.data_location = TensorProto.EXTERNAL
    e = ext.external_data.add()
    e.key, e.value = "location", "weights.bin"
    g2 = helper.make_graph([], "g", [x], [y], [ext])
    m2 = helper.make_model(g2)
    m2.ir_version = 3
    put("onnx", "external-ir3", m2.SerializeToString())


MALICIOUS = b"\x80\x04\x8c\x02os\x8c\x06system\x93\x8c\necho pwned\x85R."
GLOBAL_OP = b"cposix\nsystem\n(S'echo pwned'\ntR."
BENIGN = b"\x80\x02ccollections\nOrderedDict\nq\x00)Rq\x01X\x01\x00\x00\x00aq\x02K\x01s."
MEMO = b"\x80\x04\x95\x1d\x00\x00\x00\x00\x00\x00\x00\x8c\x08builtins\x94\x8c\x04eval\x94\x93\x94h\x00h\x01\x93."


def pickle_seeds():
    for name, data in [("stack-global", MALICIOUS), ("global-op", GLOBAL_OP), ("benign", BENIGN), ("memo", MEMO)]:
        put("pickle", name, data)
    put("pickle", "legacy-torch", b"\x80\x02\x8a\x0al\xfc\x9cF\xf9 j\xa8P\x19." + BENIGN)


def stored(z, name, data):
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # fixed time: deterministic bytes
    z.writestr(info, data, compress_type=zipfile.ZIP_STORED)


def zip_seeds():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        stored(z, "archive/data.pkl", MALICIOUS)
        stored(z, "archive/version", "3\n")
        stored(z, "archive/byteorder", "little")
    put("torchzip", "malicious-pt", buf.getvalue())
    import numpy as np
    nb = io.BytesIO()
    np.save(nb, np.zeros(3, np.float32))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        stored(z, "a.npy", nb.getvalue())
    put("torchzip", "npz", buf.getvalue())


def npy_seeds():
    import numpy as np
    b = io.BytesIO()
    np.save(b, np.zeros((2, 2), np.float32))
    put("npy", "float", b.getvalue())
    header = b"{'descr': '|O', 'fortran_order': False, 'shape': (1,), }"
    header = header.ljust(118 - 10) + b"\n"
    put("npy", "object", b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + MALICIOUS)


def json_seeds():
    put("json", "metrics", b'{"auc": 0.91, "latency_p95_ms": 41, "nested": {"a": [1, 2e3, -0.5]}}')
    put("json", "mlflow-schema", b'[{"name": "x", "type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 4]}}, {"type": "long", "name": "b", "required": false}]')
    put("json", "escapes", b'{"s": "\\u00e9\\ud83d\\ude00\\n", "t": true, "f": false, "n": null}')


def bundle_seeds():
    statement = {
        "_type": "https://in-toto.io/Statement/v1",
        "subject": [{"name": "model", "digest": {"sha256": "ab" * 32}}],
        "predicateType": "https://model_signing/signature/v1.0",
        "predicate": {"serialization": {"method": "files", "hash_type": "sha256", "allow_symlinks": False, "ignore_paths": [".git"]},
                      "resources": [{"name": "a.bin", "algorithm": "sha256", "digest": "cd" * 32}]},
    }
    payload = json.dumps(statement).encode()
    bundle = {
        "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
        "verificationMaterial": {"publicKey": {"hint": "00" * 32}, "tlogEntries": []},
        "dsseEnvelope": {"payload": base64.b64encode(payload).decode(), "payloadType": "application/vnd.in-toto+json",
                         "signatures": [{"sig": base64.b64encode(b"\x30\x06\x02\x01\x01\x02\x01\x01").decode(), "keyid": ""}]},
    }
    put("bundle", "key-mode", json.dumps(bundle).encode())
    bundle["verificationMaterial"] = {"x509CertificateChain": {"certificates": [{"rawBytes": base64.b64encode(b"\x30\x03\x02\x01\x01").decode()}]}}
    put("bundle", "cert-mode", json.dumps(bundle).encode())
    put("bundle", "statement", payload)


def yaml_seeds():
    # MLmodel files as mlflow-skinny 3.17.2 (`mlflow.pyfunc.save_model`) wrote them, a model card, metrics.json.
    put("mlmodel", "tensor-signature", 'flavors:\n  python_function:\n    cloudpickle_version: 3.1.3\n    code: null\n    env:\n      conda: conda.yaml\n      virtualenv: python_env.yaml\n    loader_module: mlflow.pyfunc.model\n    python_model: python_model.pkl\n    python_version: 3.11.7\n    streamable: false\nis_signature_from_type_hint: false\nmetadata:\n  owner: me\nmlflow_version: 3.17.2\nmodel_id: null\nmodel_size_bytes: 1331\nmodel_uuid: 6dcd38fc84b949f2bed4b402ea517704\nprompts: null\nsignature:\n  inputs: \'[{"name": "x", "type": "tensor", "tensor-spec": {"dtype": "float32", "shape":\n    [-1, 4]}}]\'\n  outputs: \'[{"name": "y", "type": "tensor", "tensor-spec": {"dtype": "int64", "shape":\n    [-1]}}]\'\n  params: null\ntype_hint_from_example: false\nutc_time_created: \'2026-12-01 19:35:51.558527\'\n'.encode())
    put("mlmodel", "column-signature", 'flavors:\n  python_function:\n    cloudpickle_version: 3.1.3\n    code: null\n    env:\n      conda: conda.yaml\n      virtualenv: python_env.yaml\n    loader_module: mlflow.pyfunc.model\n    python_model: python_model.pkl\n    python_version: 3.11.7\n    streamable: false\nis_signature_from_type_hint: false\nmlflow_version: 3.17.2\nmodel_id: null\nmodel_size_bytes: 1331\nmodel_uuid: bdff59cf11214af4a4ce3165c74f31f3\nprompts: null\nsignature:\n  inputs: \'[{"type": "double", "name": "a", "required": true}, {"type": "long", "name":\n    "b", "required": false}]\'\n  outputs: \'[{"type": "double", "required": true}]\'\n  params: null\ntype_hint_from_example: false\nutc_time_created: \'2026-12-01 19:35:58.910507\'\n'.encode())
    put("modelcard", "model-index", '---\nlicense: apache-2.0\ndatasets: [a, b]\nmodel-index:\n  - name: r\n    results:\n      - metrics:\n          - {type: auc, value: 0.8}\n          - {type: f1, value: 0.7}\n---\n# Card\n'.encode())
    put("modelcard", "metrics.json", '{"auc": 0.9, "latency_p95_ms": 40, "error_rate": 0.001, "drift_psi": 0.1}'.encode())


for seeds in [yaml_seeds, safetensors_seeds, gguf_seeds, onnx_seeds, pickle_seeds, zip_seeds, npy_seeds, json_seeds, bundle_seeds]:
    seeds()
