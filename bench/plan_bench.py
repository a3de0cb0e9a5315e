#!/usr/bin/env python3
"""`make bench` part for plans (called from run.py; also runnable alone after `make release`).

1. plan-1pct: a 10,000-tenant platform in a git repository with two commits that differ in 1% of
   tenants (their CPU quota); times `paved plan --base HEAD~1` (goal: <= 1 s wall).
2. base-10k-commits: a small platform committed first, then 9,999 more commits; times
   `paved plan --base HEAD~9999` (the base read from the object database 10,000 commits deep)
   and `paved plan --base HEAD~1` in the same repository (goal: <= 0.2 s wall). Floors measured in the same run: `paved validate` of the same platform
   (the compile alone) and `git show HEAD~9999:platform.yaml` (git's own CLI reading the base).
Prints a Markdown table; returns rows for results.json.
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
GIT_ENV = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.com",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.com",
               GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null",
               # No background `gc --auto` after a commit: it would pack the objects while a plan is timed.
               GIT_CONFIG_COUNT="1", GIT_CONFIG_KEY_0="gc.auto", GIT_CONFIG_VALUE_0="0")


def git(repo, *args, stdin=None):
    return subprocess.run(["git", *args], cwd=repo, env=GIT_ENV, check=True, capture_output=True,
                          input=stdin).stdout


def timed(cmd, cwd, runs, ok=(0, 2)):
    walls = []
    out = b""
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True)
        walls.append(time.perf_counter() - start)
        if proc.returncode not in ok:
            sys.exit(f"benchmark command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr.decode()[:2000]}")
        out = proc.stdout
    return statistics.median(walls), out


def one_percent_repo(out, n=10_000):
    repo = os.path.join(out, f"plan-repo-{n}")
    shutil.rmtree(repo, ignore_errors=True)
    subprocess.run([sys.executable, os.path.join(HERE, "gen_platform.py"), str(n), repo], check=True)
    git(repo, "-c", "init.defaultBranch=main", "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    path = os.path.join(repo, "platform.yaml")
    with open(path) as f:
        lines = f.read().split("\n")
    changed = 0
    for i, line in enumerate(lines):
        m = re.match(r"    - name: team-(\d{5})$", line)
        if m and int(m.group(1)) % 100 == 0:
            lines[i + 2] = re.sub(r'cpu: "(\d+)"', lambda c: f'cpu: "{int(c.group(1)) + 1}"', lines[i + 2])
            changed += 1
    with open(path, "w") as f:
        f.write("\n".join(lines))
    git(repo, "commit", "-q", "-am", "1% of tenants get one more CPU")
    return repo, changed


def deep_history_repo(out, commits=10_000):
    repo = os.path.join(out, "plan-deep-history")
    shutil.rmtree(repo, ignore_errors=True)
    os.makedirs(repo)
    git(repo, "-c", "init.defaultBranch=main", "init", "-q")
    example = os.path.join(ROOT, "examples", "small-team")
    files = {"platform.yaml": open(os.path.join(example, "platform.yaml"), "rb").read()}
    for name in sorted(os.listdir(os.path.join(example, "environments"))):
        files[f"environments/{name}"] = open(os.path.join(example, "environments", name), "rb").read()
    stream = bytearray()
    t = 1_700_000_000
    for c in range(commits):
        stream += f"commit refs/heads/main\ncommitter bench <bench@example.com> {t + c} +0000\n".encode()
        msg = f"commit {c}\n".encode()
        stream += b"data %d\n%s" % (len(msg), msg)
        if c == 0:
            for name, data in files.items():
                stream += b"M 100644 inline %s\ndata %d\n%s\n" % (name.encode(), len(data), data)
        else:
            data = f"change {c}\n".encode()
            stream += b"M 100644 inline log.txt\ndata %d\n%s\n" % (len(data), data)
        stream += b"\n"
    git(repo, "fast-import", "--quiet", stdin=bytes(stream))
    git(repo, "checkout", "-q", "-f", "main")
    return repo


def run(paved, out, runs):
    rows = []
    repo, changed = one_percent_repo(out)
    wall, stdout = timed([paved, "plan", "--base", "HEAD~1", "--format", "json"], repo, runs)
    summary = json.loads(stdout)["summary"]
    validate, _ = timed([paved, "validate"], repo, runs)
    rows.append({"bench": "plan-10000-tenants-1pct", "seconds": wall, "tenantsChanged": changed, "summary": summary,
                 "validateSeconds": validate, "goalSeconds": 1.0})
    md, _ = timed([paved, "plan", "--base", "HEAD~1", "--format", "markdown"], repo, 1)
    rows[-1]["markdownSeconds"] = md

    deep = deep_history_repo(out)
    wall, stdout = timed([paved, "plan", "--base", "HEAD~9999", "--format", "json"], deep, runs)
    assert json.loads(stdout)["base"]["hasPlatform"] is True
    validate, _ = timed([paved, "validate"], deep, runs)
    show, _ = timed(["git", "show", "HEAD~9999:platform.yaml"], deep, runs, ok=(0,))
    tip, _ = timed([paved, "plan", "--base", "HEAD~1", "--format", "json"], deep, runs)
    show_tip, _ = timed(["git", "show", "HEAD~1:platform.yaml"], deep, runs, ok=(0,))
    rows.append({"bench": "plan-base-10000-commits-deep", "seconds": wall, "validateSeconds": validate,
                 "gitShowSeconds": show, "goalSeconds": 0.2})
    rows.append({"bench": "plan-base-HEAD~1-in-10000-commit-repo", "seconds": tip, "validateSeconds": validate,
                 "gitShowSeconds": show_tip, "goalSeconds": 0.2})
    shutil.rmtree(repo, ignore_errors=True)
    shutil.rmtree(deep, ignore_errors=True)

    print(f"\nPlans (median of {runs} runs, wall):\n")
    print("| benchmark | paved plan | floor: paved validate (compile once) | other | goal |")
    print("|---|---|---|---|---|")
    a, b, c = rows
    s = a["summary"]
    print(f"| 10,000 tenants, {a['tenantsChanged']} changed (1%): `plan --base HEAD~1` "
          f"({s['update']} updates, {s['unchanged']:,} unchanged) | {a['seconds']:.3f} s | {a['validateSeconds']:.3f} s | "
          f"markdown: {a['markdownSeconds']:.3f} s | ≤ 1 s |")
    print(f"| base 10,000 commits deep: `plan --base HEAD~9999` (small-team) | {b['seconds']:.3f} s | {b['validateSeconds']:.3f} s | "
          f"`git show HEAD~9999:platform.yaml`: {b['gitShowSeconds']:.3f} s | ≤ 0.2 s |")
    print(f"| repository of 10,000 commits: `plan --base HEAD~1` (small-team) | {c['seconds']:.3f} s | {c['validateSeconds']:.3f} s | "
          f"`git show HEAD~1:platform.yaml`: {c['gitShowSeconds']:.3f} s | ≤ 0.2 s |")
    return rows


if __name__ == "__main__":
    out = os.path.join(HERE, "out")
    os.makedirs(out, exist_ok=True)
    run(os.path.join(ROOT, ".build", "release", "paved"), out, int(os.environ.get("BENCH_RUNS", "5")))
