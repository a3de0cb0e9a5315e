#!/usr/bin/env python3
"""`make bench` part for `paved apply --commit-to` (called from run.py; also runnable alone after `make release`).

On a platform of N tenants in a git repository (spec.gitops.targetRevision: deploy):
  first       `paved apply --commit-to deploy` of the whole tree (wall, peak RSS), against git's CLI
              committing the same rendered tree: `git add -A && git commit` in a fresh repository.
  one edit    one tenant's CPU quota changed and committed; `paved apply --commit-to deploy` again,
              against git's plumbing doing the same change on the same tree: `read-tree` of the tip,
              `hash-object -w` + `update-index --cacheinfo` of the changed files, `write-tree`, `commit-tree`.
              Median of 3 (the branch reset to the first commit before each), after `sync`: the
              first commit leaves hundreds of megabytes of files for the kernel to write back, which
              would otherwise land in whichever run comes next.
Goals (issue 15): one edit <= 2 s, <= 300 MiB and no slower than git; first <= 300 MiB and <= 1.5x git.
"""
import os
import re
import resource
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
EDIT_RUNS = 3
GIT_ENV = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.com",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.com",
               GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null",
               # No background `gc --auto` after a commit: it would pack the objects while the next command is timed.
               GIT_CONFIG_COUNT="1", GIT_CONFIG_KEY_0="gc.auto", GIT_CONFIG_VALUE_0="0")


def git(repo, *args, stdin=None, env=None):
    return subprocess.run(["git", *args], cwd=repo, env=env or GIT_ENV, check=True, capture_output=True, input=stdin).stdout


def run(cmd, cwd, env=None):
    """Wall seconds and the child's peak RSS (MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env or GIT_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"benchmark command failed: {' '.join(cmd)}\n{err[:2000]}")
    return wall, usage.ru_maxrss / 1024


def shell(script, cwd):
    start = time.perf_counter()
    subprocess.run(["bash", "-c", script], cwd=cwd, env=GIT_ENV, check=True, capture_output=True)
    return time.perf_counter() - start


def files_under(root):
    out = {}
    for dirpath, dirs, names in os.walk(root):
        if ".git" in dirs:
            dirs.remove(".git")  # git may be packing its objects in the background (gc --auto)
        for name in names:
            full = os.path.join(dirpath, name)
            with open(full, "rb") as f:
                out[os.path.relpath(full, root)] = f.read()
    return out


def run_bench(paved, out, n=10_000):
    repo = os.path.join(out, f"commit-repo-{n}")
    shutil.rmtree(repo, ignore_errors=True)
    subprocess.run([sys.executable, os.path.join(HERE, "gen_platform.py"), str(n), repo], check=True)
    path = os.path.join(repo, "platform.yaml")
    with open(path) as f:
        text = f.read().replace("path: deploy }", "path: deploy, targetRevision: deploy }")
    with open(path, "w") as f:
        f.write(text)
    git(repo, "-c", "init.defaultBranch=main", "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "platform")
    first = run([paved, "apply", "--commit-to", "deploy"], repo)

    # git's CLI committing the same tree: the branch's files, checked out into a fresh repository.
    peer = os.path.join(out, f"commit-peer-{n}")
    shutil.rmtree(peer, ignore_errors=True)
    os.makedirs(peer)
    git(peer, "-c", "init.defaultBranch=main", "init", "-q")
    subprocess.run(f"git --git-dir={repo}/.git archive deploy | tar -x -C {peer}", shell=True, check=True)
    git_first = shell("git add -A && git commit -q -m tree", peer)

    # One tenant's CPU quota changes.
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line == "    - name: team-00042":
            lines[i + 2] = re.sub(r'cpu: "(\d+)"', lambda c: f'cpu: "{int(c.group(1)) + 1}"', lines[i + 2])
            break
    with open(path, "w") as f:
        f.write("\n".join(lines))
    git(repo, "commit", "-q", "-am", "team-00042 grows")
    tip = git(repo, "rev-parse", "deploy").decode().strip()
    os.sync()
    edits = []
    for _ in range(EDIT_RUNS):
        git(repo, "update-ref", "refs/heads/deploy", tip)
        edits.append(run([paved, "apply", "--commit-to", "deploy"], repo))
    edit = (sorted(e[0] for e in edits)[EDIT_RUNS // 2], max(e[1] for e in edits))

    # git's plumbing making the same change on the same tree, in the peer repository.
    new_tree = os.path.join(out, f"commit-new-{n}")
    shutil.rmtree(new_tree, ignore_errors=True)
    os.makedirs(new_tree)
    subprocess.run(f"git --git-dir={repo}/.git archive deploy | tar -x -C {new_tree}", shell=True, check=True)
    before, after = files_under(peer), files_under(new_tree)
    before.pop(".git", None)
    changed = sorted(p for p in after if not p.startswith(".git/") and before.get(p) != after[p])
    for p in changed:
        dest = os.path.join(peer, p)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "wb") as f:
            f.write(after[p])
    script = ("export GIT_INDEX_FILE=$PWD/.git/bench-index && git read-tree HEAD && "
              + " && ".join(f'git update-index --add --cacheinfo 100644,$(git hash-object -w "{p}"),"{p}"' for p in changed)
              + " && t=$(git write-tree) && git commit-tree $t -p HEAD -m edit >/dev/null")
    os.sync()
    git_edit = sorted(shell(script, peer) for _ in range(EDIT_RUNS))[EDIT_RUNS // 2]
    for d in (repo, peer, new_tree):
        shutil.rmtree(d, ignore_errors=True)
    rows = [
        {"bench": f"commit-first-{n}", "seconds": first[0], "rssMiB": first[1], "gitSeconds": git_first},
        {"bench": f"commit-one-edit-{n}", "seconds": edit[0], "rssMiB": edit[1], "gitSeconds": git_edit, "changedFiles": len(changed)},
    ]
    print(f"\nCommits (`paved apply --commit-to`; first commit: 1 run; one edit: median of {EDIT_RUNS}, peak RSS the maximum):\n")
    print("| benchmark | paved | git CLI, same change | goal |\n|---|---|---|---|")
    print(f"| first commit, N = {n:,} | {first[0]:.2f} s, {first[1]:.0f} MiB | `git add -A && git commit`: {git_first:.2f} s | <= 300 MiB, <= 1.5x git |")
    print(f"| one tenant edited ({len(changed)} files), N = {n:,} | {edit[0]:.2f} s, {edit[1]:.0f} MiB | read-tree + update-index + write-tree + commit-tree: {git_edit:.2f} s | <= 2 s, <= 300 MiB, <= git |")
    return rows


if __name__ == "__main__":
    paved = os.path.join(os.path.dirname(HERE), ".build", "release", "paved")
    run_bench(paved, os.environ.get("BENCH_OUT", os.path.join(HERE, "out")), int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
