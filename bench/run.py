#!/usr/bin/env python3
"""`make bench`: time `paved` against the Python + PyYAML peer on generated platforms.

For N tenants (M = N/5 models, 3 environments) it reports, median of RUNS runs, wall time and
peak RSS of:
  paved validate      load + check + lower + render every manifest in memory (no files)
  paved build         the same, then write one file per object (atomic swap per environment)
  peer (in memory)    Python + PyYAML (libyaml loader and dumper) making the same objects
  peer (write)        the same, writing one file per object
  fs floor            C open/write/close of the same files: what the file system alone costs
                      (one thread, and two threads: `paved build`'s goal is the two-thread floor)
  printf floor        C printf producing the same bytes per file, to /dev/null: what formatting alone
                      costs (`paved validate`'s goal is within 3x of it)
Results go to stdout (a Markdown table) and bench/out/results.json.
"""
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# BENCH_OUT: where outputs go (e.g. a tmpfs, to time the compiler rather than the disk journal).
OUT = os.environ.get("BENCH_OUT", os.path.join(HERE, "out"))
PAVED = os.path.join(ROOT, ".build", "release", "paved")
MICRO = os.path.join(ROOT, ".build", "release", "paved-bench")
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "1000,10000").split(",")]
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
PEER_RUNS = int(os.environ.get("BENCH_PEER_RUNS", "3"))


def measure(cmd, runs, before=None):
    """Median wall seconds and max peak RSS (MiB) over `runs` runs; `before` runs untimed first.
    `cmd` is a list, or a function of the run number giving one (a fresh output directory per run)."""
    walls, rss = [], 0
    for k in range(runs):
        if before:
            before()
        cmd_k = cmd(k) if callable(cmd) else cmd
        start = time.perf_counter()
        proc = subprocess.Popen(cmd_k, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        walls.append(time.perf_counter() - start)
        err = proc.stderr.read().decode()
        proc.stderr.close()
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"benchmark command failed: {' '.join(cmd_k)}\n{err}")
        rss = max(rss, usage.ru_maxrss / 1024)
    return statistics.median(walls), rss


def main():
    if not os.path.exists(PAVED):
        sys.exit("build first: make release")
    os.makedirs(OUT, exist_ok=True)
    floor, printf_floor = os.path.join(OUT, "floor"), os.path.join(OUT, "printf_floor")
    subprocess.run(["cc", "-O2", "-o", floor, os.path.join(HERE, "floor.c"), "-lpthread"], check=True)
    subprocess.run(["cc", "-O2", "-o", printf_floor, os.path.join(HERE, "printf_floor.c")], check=True)
    results = []
    written = []  # output directories, deleted at the end
    # Outputs an interrupted run left behind: deleted before anything is timed (nothing is written yet).
    stale = [os.path.join(OUT, d) for d in os.listdir(OUT) if re.match(r"(deploy|peer|floor)-", d)]
    if stale:
        subprocess.run(["rm", "-rf", *stale], check=True)
    sys.path.insert(0, HERE)
    import model_bench  # model artifacts: SHA-256 vs openssl, 4 GiB validate RSS, 10 GiB inspect
    # First, while this process is small: Linux counts the pages a child was forked with (this
    # process's) in its peak RSS, so after the big runs below every child's would read ~100 MiB.
    models = model_bench.run(PAVED, OUT)
    for n in SIZES:
        spec = os.path.join(OUT, f"platform-{n}")
        subprocess.run([sys.executable, os.path.join(HERE, "gen_platform.py"), str(n), spec], check=True)
        # Every run writes a fresh directory, and all of them are deleted only at the very end: deleting
        # ~350,000 files keeps ext4's journal busy for minutes, which would slow whatever runs next.
        fresh = lambda name: (lambda k: os.path.join(OUT, f"{name}-{n}-run{k}"))
        deploy, peer_out, floor_out, floor2_out = fresh("deploy"), fresh("peer"), fresh("floor"), fresh("floor2")
        row = {"tenants": n, "models": n // 5, "environments": 3}
        row["paved_validate"] = measure([PAVED, "validate", "--platform", os.path.join(spec, "platform.yaml")], RUNS)
        row["paved_build"] = measure(lambda k: [PAVED, "build", "--platform", os.path.join(spec, "platform.yaml"), "--out", deploy(k)], RUNS)
        # Like the peer and the C floor, `paved build` does not flush to disk; `--fsync` (what `paved apply` does) is timed once.
        fsync_out = os.path.join(OUT, f"deploy-fsync-{n}")
        row["paved_build_fsync"] = measure([PAVED, "build", "--fsync", "--platform", os.path.join(spec, "platform.yaml"), "--out", fsync_out], 1)
        files = []
        for dirpath, _, names in os.walk(deploy(0)):
            for name in names:
                if name.startswith(".paved"):
                    continue
                full = os.path.join(dirpath, name)
                files.append((os.path.getsize(full), os.path.relpath(full, deploy(0))))
        row["files"] = len(files)
        row["bytes"] = sum(s for s, _ in files)
        listing = os.path.join(OUT, f"files-{n}.txt")
        with open(listing, "w") as f:
            f.writelines(f"{s} {p}\n" for s, p in files)
        # The floors and the peer write 2 * RUNS + PEER_RUNS more copies of the tree. Where the file system
        # has too few inodes for all of them (a tmpfs), the builds' extra copies go first, untimed; if that
        # is still not enough, each kind reuses one directory, emptied (untimed) before every run.
        done = [fsync_out] + [deploy(k) for k in range(1, RUNS)]
        free = os.statvfs(OUT).f_favail
        reuse = False
        if free < len(files) * (2 * RUNS + PEER_RUNS + 1) * 1.1:
            print(f"N={n}: {free:,} inodes free, too few for the floor and peer outputs: deleting the build outputs first", file=sys.stderr)
            subprocess.run(["rm", "-rf", *done], check=True)
            done = []
            free = os.statvfs(OUT).f_favail
            reuse = free < len(files) * (2 * RUNS + PEER_RUNS) * 1.1
        if reuse:
            print(f"N={n}: still too few inodes ({free:,}): one output directory per floor and peer, emptied before each run", file=sys.stderr)
            floor_out, floor2_out, peer_out = (lambda k: os.path.join(OUT, f"floor-{n}-run0")), (lambda k: os.path.join(OUT, f"floor2-{n}-run0")), (lambda k: os.path.join(OUT, f"peer-{n}-run0"))
        empty = (lambda d: (lambda: subprocess.run(["rm", "-rf", d], check=True))) if reuse else (lambda d: None)
        row["fs_floor"] = measure(lambda k: [floor, listing, floor_out(k)], RUNS, before=empty(floor_out(0)))
        row["fs_floor_2t"] = measure(lambda k: [floor, listing, floor2_out(k), "2"], RUNS, before=empty(floor2_out(0)))
        row["printf_floor"] = measure([printf_floor, listing], RUNS)
        peer = [sys.executable, os.path.join(HERE, "peer_pyyaml.py"), spec]
        row["peer_memory"] = measure(peer, PEER_RUNS)
        row["peer_write"] = measure(lambda k: peer + ["--out", peer_out(k)], PEER_RUNS, before=empty(peer_out(0)))
        runs, peer_runs = (1, 1) if reuse else (RUNS, PEER_RUNS)
        written += done + [deploy(0)] + [floor_out(k) for k in range(runs)] + [floor2_out(k) for k in range(runs)] + [peer_out(k) for k in range(peer_runs)]
        results.append(row)
        print(f"N={n}: done", file=sys.stderr)

    print(f"\nMedian of {RUNS} runs for paved and the floor, {PEER_RUNS} for the peer; peak RSS is the maximum.\n")
    print("| N tenants | files | MB | paved validate | paved build | paved build --fsync (1 run) | peer in memory | peer write | fs floor (1 / 2 threads) | printf floor | speed-up (validate / build) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        fmt = lambda k: f"{r[k][0]:.3f} s, {r[k][1]:.0f} MiB"
        print(f"| {r['tenants']:,} | {r['files']:,} | {r['bytes'] / 1e6:.1f} | {fmt('paved_validate')} | {fmt('paved_build')} | {fmt('paved_build_fsync')} | "
              f"{fmt('peer_memory')} | {fmt('peer_write')} | {r['fs_floor'][0]:.3f} s / {r['fs_floor_2t'][0]:.3f} s | {r['printf_floor'][0]:.3f} s | "
              f"{r['peer_memory'][0] / r['paved_validate'][0]:.1f}x / {r['peer_write'][0] / r['paved_build'][0]:.1f}x |")
    print("\nCompile goals (issue 15): validate within 3x the printf floor; build no slower than the two-thread fs floor.\n")
    print("| N tenants | validate / printf floor | goal <= 3x | build / two-thread floor | goal <= 1x |\n|---|---|---|---|---|")
    for r in results:
        v, b = r["paved_validate"][0] / r["printf_floor"][0], r["paved_build"][0] / r["fs_floor_2t"][0]
        print(f"| {r['tenants']:,} | {v:.2f}x | {'met' if v <= 3 else 'NOT met'} | {b:.2f}x | {'met' if b <= 1 else 'NOT met'} |")
    micro = []
    if os.path.exists(MICRO):
        lines = subprocess.run([MICRO], check=True, capture_output=True, text=True).stdout.splitlines()
        micro = [json.loads(line) for line in lines if line.strip()]
        print("\n| micro-benchmark | result |\n|---|---|")
        for m in micro:
            extra = f", {m['mibPerSecond']:.0f} MiB/s" if "mibPerSecond" in m else ""
            extra += f" (goal ≤ {m['goalSeconds']:.3f} s)" if "goalSeconds" in m else ""
            print(f"| {m['bench']} | {m['seconds']:.3f} s{extra} |")
        blob = os.path.join(OUT, "1gib.bin")
        with open(blob, "wb") as f:
            f.truncate(0)
            chunk = bytes([0x5A]) * (1 << 20)
            for _ in range(1024):
                f.write(chunk)
        wall, _ = measure(["openssl", "dgst", "-sha256", blob], 3)
        os.remove(blob)
        print(f"| peer: openssl dgst -sha256, 1 GiB file (page cache) | {wall:.3f} s, {1024 / wall:.0f} MiB/s |")
        micro.append({"bench": "openssl-dgst-sha256-1gib", "seconds": wall})
    # The plan and commit benchmarks need a few million inodes of their own: on a tmpfs the outputs
    # above must go first (deleting them costs the next runs nothing there).
    if os.statvfs(OUT).f_favail < 2_500_000:
        subprocess.run(["rm", "-rf", *written], check=True)
        written = []
    import plan_bench  # plans: 10,000 tenants differing in 1%, a base 10,000 commits deep
    plans = plan_bench.run(PAVED, OUT, RUNS)
    import commit_bench  # apply --commit-to against git's CLI, first commit and a one-tenant edit
    commits = commit_bench.run_bench(PAVED, OUT, max(SIZES))
    plans += commits
    import soak_bench  # promote: the soak walk over 10,000 commits
    plans += soak_bench.run(PAVED, OUT, RUNS)
    micro += models
    with open(os.path.join(OUT, "results.json"), "w") as f:
        json.dump({"formatVersion": 1, "runs": RUNS, "peerRuns": PEER_RUNS, "results": results, "micro": micro, "plans": plans}, f, indent=2)
    # `rm -rf` is several times faster than shutil.rmtree on the ~350,000 files of N = 10,000.
    subprocess.run(["rm", "-rf", *written], check=True)


if __name__ == "__main__":
    main()
