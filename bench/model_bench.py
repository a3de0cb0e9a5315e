#!/usr/bin/env python3
"""Model-artifact benchmarks for `make bench` (called from bench/run.py, or run alone after
`make release`). Prints a Markdown table and returns rows for results.json.

  sha256 file        `paved model inspect` of a 1 GiB file (format detection + streamed SHA-256)
                     against `openssl dgst -sha256` on the same file, same run, page cache warm
  validate 4 GiB     peak RSS of `paved model validate` on a 4 GiB sparse safetensors artifact
                     (every byte is hashed; the goal is bounded memory: <= 64 MiB)
  inspect 10 GiB     `paved model inspect --no-digests` of a 10 GiB sparse safetensors file
                     (only the header is read; goal < 20 ms wall, including process start)
"""
import json
import os
import statistics
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
RUNS = int(os.environ.get("BENCH_MODEL_RUNS", "5"))


def timed(cmd, ok_codes=(0,)):
    """Wall seconds and peak RSS (MiB) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) not in ok_codes:
        sys.exit(f"benchmark command failed: {' '.join(cmd)}\n{err}")
    return wall, usage.ru_maxrss / 1024


def median(cmd, runs, ok_codes=(0,)):
    results = [timed(cmd, ok_codes) for _ in range(runs)]
    return statistics.median(w for w, _ in results), max(r for _, r in results)


def sparse_safetensors(path, total_bytes):
    """A safetensors file with one F32 tensor of `total_bytes` data, holes instead of bytes."""
    count = total_bytes // 4
    header = json.dumps({"__metadata__": {"owner": "bench"}, "w": {"dtype": "F32", "shape": [count], "data_offsets": [0, count * 4]}}).encode()
    header += b" " * (-(8 + len(header)) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header)) + header)
        f.truncate(8 + len(header) + count * 4)


def run(paved, out, micro=None):
    rows = []
    os.makedirs(out, exist_ok=True)
    # 1. SHA-256 of 1 GiB of real (non-sparse) bytes, both tools on the same warm file.
    blob = os.path.join(out, "model-1gib.bin")
    with open(blob, "wb") as f:
        chunk = bytes(range(256)) * 4096
        for _ in range(1024):
            f.write(chunk)
    timed(["openssl", "dgst", "-sha256", blob])  # warm the page cache
    ours, peer = [], []
    for _ in range(RUNS):  # interleaved, so both see the same machine load
        ours.append(timed([paved, "model", "inspect", blob, "--format", "json"])[0])
        peer.append(timed(["openssl", "dgst", "-sha256", blob])[0])
    os.remove(blob)
    ours_s, peer_s = statistics.median(ours), statistics.median(peer)
    rows.append({"bench": "model-sha256-1gib", "seconds": ours_s, "mibPerSecond": 1024 / ours_s,
                 "peer": "openssl dgst -sha256", "peerSeconds": peer_s, "ratio": peer_s / ours_s})
    # 2. Peak RSS validating a 4 GiB artifact.
    model = os.path.join(out, "model-4gib")
    os.makedirs(model, exist_ok=True)
    sparse_safetensors(os.path.join(model, "model.safetensors"), 4 << 30)
    wall, rss = median([paved, "model", "validate", "recommender", "--artifact", model, "--platform", os.path.join(ROOT, "platform.yaml"), "--format", "json"], 3, ok_codes=(0, 1))
    os.remove(os.path.join(model, "model.safetensors"))
    rows.append({"bench": "model-validate-4gib", "seconds": wall, "peakRssMiB": rss})
    # 3. inspect of a 10 GiB sparse safetensors file, header only.
    big = os.path.join(out, "model-10gib.safetensors")
    sparse_safetensors(big, 10 << 30)
    wall, rss = median([paved, "model", "inspect", big, "--no-digests", "--format", "json"], RUNS)
    floor, _ = median([paved, "schema", "environment"], RUNS)
    row = {"bench": "model-inspect-10gib-header", "seconds": wall, "peakRssMiB": rss, "processFloorSeconds": floor}
    micro = micro or os.path.join(os.path.dirname(paved), "paved-bench")
    if os.path.exists(micro):  # in process: no process start, and the bytes actually read
        line = subprocess.run([micro, "model-inspect", big], check=True, capture_output=True, text=True).stdout.strip()
        inner = json.loads(line)
        row["inProcessSeconds"], row["bytesRead"] = inner["seconds"], inner["bytesRead"]
    os.remove(big)
    rows.append(row)

    print(f"\n| model benchmark (median of {RUNS}) | paved | peer / goal |\n|---|---|---|")
    r = rows[0]
    print(f"| SHA-256, 1 GiB file (`paved model inspect`) | {r['seconds']:.3f} s, {r['mibPerSecond']:.0f} MiB/s | "
          f"openssl dgst: {r['peerSeconds']:.3f} s, {1024 / r['peerSeconds']:.0f} MiB/s → {r['ratio']:.2f}× (goal ≥ 0.9×) |")
    r = rows[1]
    print(f"| validate 4 GiB sparse safetensors | {r['seconds']:.3f} s, peak RSS {r['peakRssMiB']:.1f} MiB | goal ≤ 64 MiB |")
    r = rows[2]
    print(f"| inspect 10 GiB sparse safetensors, header only | {r['seconds'] * 1000:.1f} ms, peak RSS {r['peakRssMiB']:.1f} MiB | "
          f"goal < 20 ms (process floor `paved schema`: {r['processFloorSeconds'] * 1000:.1f} ms) |")
    if "inProcessSeconds" in r:
        print(f"| the same in process (`paved-bench model-inspect`) | {r['inProcessSeconds'] * 1000:.2f} ms, {r['bytesRead']:,} bytes read of 10 GiB | goal < 20 ms |")
    return rows


if __name__ == "__main__":
    run(os.path.join(ROOT, ".build", "release", "paved"), os.path.join(HERE, "out"))
