#!/usr/bin/env python3
"""`make bench` part for `paved promote` (called from run.py; also runnable alone after `make release`).

soak-10000-commits: the small-team example in a repository of 10,000 first-parent commits in which
the candidate (detector 1.0.0) was pinned in dev at the second commit and every later commit edits
dev.yaml without moving the pin (a different approver each time: a real change, not a comment).
This is the soak walk's worst case: it must read and scan all 9,999 later versions of the file to
find where the pin was set. Times
`paved promote detector --to prod --dry-run` (the whole command: compile, soak walk, policy check
and plan of the edit; goal <= 0.2 s wall) and, in the same run, git's own path-limited walk
`git log --first-parent --format=%H -- environments/dev.yaml` as the peer.
"""
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from plan_bench import git, timed  # noqa: E402


def soak_repo(out, commits=10_000):
    repo = os.path.join(out, "soak-history")
    shutil.rmtree(repo, ignore_errors=True)
    os.makedirs(repo)
    git(repo, "-c", "init.defaultBranch=main", "init", "-q")
    example = os.path.join(ROOT, "examples", "small-team")
    platform = open(os.path.join(example, "platform.yaml"), "rb").read()
    dev = open(os.path.join(example, "environments", "dev.yaml"), "rb").read()
    prod = open(os.path.join(example, "environments", "prod.yaml"), "rb").read()
    prod = prod.replace(b"spec:\n", b"spec:\n  promotion: { from: dev, soak: 24h, requires: [check] }\n", 1)
    candidate = dev.replace(b"0.9.0", b"1.0.0").replace(b"b8c6ceb4", b"c0ffee00")
    stream = bytearray()
    t = 1_700_000_000
    for c in range(commits):
        stream += f"commit refs/heads/main\ncommitter bench <bench@example.com> {t + 60 * c} +0000\n".encode()
        msg = f"commit {c}\n".encode()
        stream += b"data %d\n%s" % (len(msg), msg)
        if c == 0:
            for name, data in (("platform.yaml", platform), ("environments/dev.yaml", dev), ("environments/prod.yaml", prod)):
                stream += b"M 100644 inline %s\ndata %d\n%s\n" % (name.encode(), len(data), data)
        else:
            data = candidate.replace(b"spec:\n", f"spec:\n  approvers: [user:reviewer-{c}]\n".encode(), 1)
            stream += b"M 100644 inline environments/dev.yaml\ndata %d\n%s\n" % (len(data), data)
        stream += b"\n"
    git(repo, "fast-import", "--quiet", stdin=bytes(stream))
    git(repo, "checkout", "-q", "-f", "main")
    return repo


def run(paved, out, runs):
    repo = soak_repo(out)
    now = "2030-01-01T00:00:00Z"
    wall, stdout = timed([paved, "promote", "detector", "--to", "prod", "--dry-run", "--now", now], repo, runs)
    assert b"| soak | pinned in `dev` since 2023-11-14 22:14 UTC" in stdout, stdout.decode()[:3000]
    peer, log = timed(["git", "log", "--first-parent", "--format=%H", "--", "environments/dev.yaml"], repo, runs, ok=(0,))
    assert len(log.splitlines()) == 10_000
    validate, _ = timed([paved, "validate"], repo, runs)
    shutil.rmtree(repo, ignore_errors=True)
    print(f"\nPromotion (median of {runs} runs, wall):\n")
    print("| benchmark | paved | peer: git log --first-parent -- environments/dev.yaml | floor: paved validate | goal |")
    print("|---|---|---|---|---|")
    print(f"| soak walk over 10,000 commits, 9,999 versions of dev.yaml: `promote --dry-run` | {wall:.3f} s | {peer:.3f} s | {validate:.3f} s | ≤ 0.2 s |")
    return [{"bench": "promote-soak-10000-commits", "seconds": wall, "gitLogSeconds": peer, "validateSeconds": validate, "goalSeconds": 0.2}]


if __name__ == "__main__":
    out = os.path.join(HERE, "out")
    os.makedirs(out, exist_ok=True)
    run(os.path.join(ROOT, ".build", "release", "paved"), out, int(os.environ.get("BENCH_RUNS", "5")))
