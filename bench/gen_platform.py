#!/usr/bin/env python3
"""Generate a synthetic platform: N tenants, M = N/5 models, 3 environments.

    gen_platform.py N OUT_DIR      writes OUT_DIR/platform.yaml and OUT_DIR/environments/*.yaml
"""
import hashlib
import os
import sys

POOLS = [
    ("h100", "nvidia.com/gpu", "NVIDIA-H100-80GB-HBM3", "exclusive"),
    ("a100-mig-1g", "nvidia.com/mig-1g.10gb", "NVIDIA-A100-SXM4-80GB", "mig"),
    ("l4", "nvidia.com/gpu", "NVIDIA-L4", "exclusive"),
]
ENVS = ["dev", "staging", "prod"]


def generate(n: int, out: str) -> None:
    os.makedirs(os.path.join(out, "environments"), exist_ok=True)
    lines = [
        "apiVersion: paved.dev/v1alpha1",
        "kind: Platform",
        "metadata:",
        f"  name: bench-{n}",
        "spec:",
        '  kubernetesVersion: "1.33"',
        "  gitops: { engine: argocd, repoURL: https://git.example.com/bench.git, path: deploy }",
        "  gpuPools:",
    ]
    for name, resource, product, sharing in POOLS:
        lines += [
            f"    - name: {name}",
            f"      resource: {resource}",
            f"      nodeLabels: {{ nvidia.com/gpu.product: {product} }}",
            "      taints: [{ key: nvidia.com/gpu, effect: NoSchedule }]",
            f"      capacity: {n * 4}",
            f"      sharing: {sharing}",
        ]
    lines.append("  tenants:")
    priorities = ["low", "standard", "high"]
    for i in range(n):
        pool = POOLS[i % len(POOLS)][0]
        lines += [
            f"    - name: team-{i:05d}",
            f"      owners: [group:team-{i:05d}, user:lead{i}@example.com]",
            f'      quota: {{ cpu: "{8 + i % 8}", memory: {32 + i % 4 * 8}Gi, gpus: {{ {pool}: {2 + i % 3} }} }}',
            f"      borrowing: {{ {pool}: 1 }}",
            f"      priority: {priorities[i % 3]}",
        ]
    lines.append("  models:")
    for j in range(n // 5):
        tenant = j * 5
        pool = POOLS[tenant % len(POOLS)][0]
        lines += [
            f"    - name: model-{j:05d}",
            f"      tenant: team-{tenant:05d}",
            "      contract:",
            "        formats: [onnx]",
            "        inputs: [{ name: x, dtype: float32, shape: [-1, 64] }]",
            "        outputs: [{ name: y, dtype: float32, shape: [-1, 1] }]",
            "        maxSize: 1Gi",
            '        metrics: { auc: ">= 0.8" }',
            f"      serving: {{ format: onnx, resources: {{ cpu: 500m, memory: 2Gi }}, gpuPool: {pool}, gpus: 1, replicas: {{ min: 1, max: 2 }} }}",
        ]
    lines.append("  environments: [" + ", ".join(ENVS) + "]")
    with open(os.path.join(out, "platform.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")
    for env in ENVS:
        env_lines = [
            "apiVersion: paved.dev/v1alpha1",
            "kind: Environment",
            f"metadata: {{ name: {env} }}",
            "spec:",
            f"  cluster: {{ name: {env}-cluster, server: https://{env}.k8s.example.com }}",
            "  models:",
        ]
        for j in range(n // 5):
            digest = hashlib.sha256(f"{env}-{j}".encode()).hexdigest()
            env_lines.append(
                f'    model-{j:05d}: {{ version: 1.0.{j % 7}, artifact: s3://models/model-{j:05d}/1.0.{j % 7}, digest: "sha256:{digest}" }}'
            )
        if n // 5 == 0:
            env_lines[-1] = "  models: {}"
        with open(os.path.join(out, "environments", f"{env}.yaml"), "w") as f:
            f.write("\n".join(env_lines) + "\n")


if __name__ == "__main__":
    generate(int(sys.argv[1]), sys.argv[2])
