#!/usr/bin/env python3
"""A fake GitHub and GitLab REST API for paved's tests (started by the tests, on loopback).

It keeps pull requests and merge requests in memory, records every request (one JSON line each in
the file named by FAKE_FORGE_LOG), checks the token, and validates GitHub request bodies against
the models githubkit generates from GitHub's OpenAPI description (unknown keys are refused too).
FAKE_FORGE_MODE makes it fail: 401, 403, 404, 422 (on creating), or ratelimit (403 with the limit spent).

usage: fake_forge.py PORT_FILE   (listens on 127.0.0.1, an ephemeral port, written to PORT_FILE)
"""
import http.server
import json
import os
import re
import sys
import warnings
from urllib.parse import parse_qs, urlparse

warnings.filterwarnings("ignore")
from githubkit.compat import type_validate_python  # noqa: E402
from githubkit_schemas.v2022_11_28 import models  # noqa: E402  (the API version the client declares)

TOKEN = os.environ.get("FAKE_FORGE_TOKEN", "secret-token")
LOG = os.environ["FAKE_FORGE_LOG"]
MODE = os.environ.get("FAKE_FORGE_MODE", "")
GITHUB_BODIES = [
    ("POST", r"^/repos/[^/]+/[^/]+/pulls$", models.ReposOwnerRepoPullsPostBody),
    ("PATCH", r"^/repos/[^/]+/[^/]+/pulls/\d+$", models.ReposOwnerRepoPullsPullNumberPatchBody),
    ("POST", r"^/repos/[^/]+/[^/]+/issues/\d+/labels$", models.ReposOwnerRepoIssuesIssueNumberLabelsPostBodyOneof0),
    ("POST", r"^/repos/[^/]+/[^/]+/issues/\d+/comments$", models.ReposOwnerRepoIssuesIssueNumberCommentsPostBody),
    ("POST", r"^/repos/[^/]+/[^/]+/pulls/\d+/requested_reviewers$", models.ReposOwnerRepoPullsPullNumberRequestedReviewersPostBodyAnyof0),
]
pulls = {}  # number -> dict (GitHub) ; merge requests share the numbering
counter = [0]
USER_IDS = {}  # GitLab user name -> id, given out in order of first lookup; "ghost" is unknown


def validate(method, path, body):
    for m, pattern, model in GITHUB_BODIES:
        if m == method and re.match(pattern, path):
            known = {f.alias or name for name, f in model.model_fields.items()}
            unknown = sorted(set(body) - known)
            if unknown:
                return f"unknown keys {unknown} for {model.__name__}"
            try:
                type_validate_python(model, body)
            except Exception as e:  # pydantic.ValidationError
                return f"{model.__name__}: {e}"
            return None
    return f"no GitHub model for {method} {path}"


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, payload, headers=None):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self, method):
        url = urlparse(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        gitlab = url.path.startswith("/projects/") or url.path == "/users"
        token = self.headers.get("PRIVATE-TOKEN") if gitlab else (self.headers.get("Authorization") or "").removeprefix("Bearer ")
        entry = {"method": method, "path": url.path, "query": parse_qs(url.query), "body": body}
        if not gitlab and body is not None:
            problem = validate(method, url.path, body)
            if problem:
                entry["invalid"] = problem
        if not gitlab and self.headers.get("X-GitHub-Api-Version") != "2022-11-28":
            entry["invalid"] = f"X-GitHub-Api-Version {self.headers.get('X-GitHub-Api-Version')!r}: the models are 2022-11-28's"
        with open(LOG, "a") as f:
            f.write(json.dumps(entry) + "\n")
        if token != TOKEN or MODE == "401":
            return self.reply(401, {"message": "Bad credentials"})
        if MODE == "403":
            return self.reply(403, {"message": "Resource not accessible by integration"})
        if MODE == "404":
            return self.reply(404, {"message": "Not Found"})
        if MODE == "ratelimit":
            return self.reply(403, {"message": "API rate limit exceeded"}, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1767225600"})
        if "invalid" in entry:
            return self.reply(422, {"message": "Validation Failed", "errors": [entry["invalid"]]})
        return (self.gitlab if gitlab else self.github)(method, url, body)

    def github(self, method, url, body):
        m = re.match(r"^/repos/([^/]+)/([^/]+)/(.*)$", url.path)
        if not m:
            return self.reply(404, {"message": "Not Found"})
        owner, rest = m.group(1), m.group(3)
        q = parse_qs(url.query)
        if method == "GET" and rest == "pulls":
            head, base = q.get("head", [""])[0], q.get("base", [""])[0]
            found = [p for p in pulls.values() if p["state"] == "open" and f"{owner}:{p['head']}" == head and p["base"] == base]
            return self.reply(200, [view(p) for p in found])
        if method == "POST" and rest == "pulls":
            if MODE == "422":
                return self.reply(422, {"message": "Validation Failed", "errors": [{"message": "No commits between main and the branch"}]})
            counter[0] += 1
            p = {"number": counter[0], "title": body["title"], "body": body.get("body", ""), "head": body["head"], "base": body["base"],
                 "state": "open", "labels": [], "reviewers": [], "teams": [], "comments": []}
            pulls[p["number"]] = p
            return self.reply(201, view(p))
        n = re.match(r"^(pulls|issues)/(\d+)(/.*)?$", rest)
        if not n or int(n.group(2)) not in pulls:
            return self.reply(404, {"message": "Not Found"})
        p, tail = pulls[int(n.group(2))], n.group(3) or ""
        if method == "PATCH" and tail == "":
            for key in ("title", "body", "state"):
                if key in body:
                    p[key] = body[key]
            return self.reply(200, view(p))
        if method == "POST" and tail == "/labels":
            p["labels"] += [x for x in body["labels"] if x not in p["labels"]]
            return self.reply(200, [{"name": x} for x in p["labels"]])
        if method == "POST" and tail == "/comments":
            p["comments"].append(body["body"])
            return self.reply(201, {"id": len(p["comments"]), "body": body["body"]})
        if method == "POST" and tail == "/requested_reviewers":
            p["reviewers"] += body.get("reviewers", [])
            p["teams"] += body.get("team_reviewers", [])
            return self.reply(201, view(p))
        return self.reply(404, {"message": "Not Found"})

    def gitlab(self, method, url, body):
        q = parse_qs(url.query)
        if method == "GET" and url.path == "/users":
            name = q.get("username", [""])[0]
            return self.reply(200, [] if name == "ghost" else [{"id": USER_IDS.setdefault(name, 100 + len(USER_IDS)), "username": name}])
        m = re.match(r"^/projects/([^/]+)/merge_requests(?:/(\d+))?(/notes)?$", url.path)
        if not m:
            return self.reply(404, {"message": "404 Not Found"})
        if method == "GET" and not m.group(2):
            found = [p for p in pulls.values() if p["state"] == "opened" and p["head"] == q.get("source_branch", [""])[0]
                     and p["base"] == q.get("target_branch", [""])[0]]
            return self.reply(200, [mr(p) for p in found])
        if method == "POST" and not m.group(2):
            if MODE == "422":
                return self.reply(409, {"message": ["Another open merge request already exists for this source branch"]})
            counter[0] += 1
            p = {"number": counter[0], "title": body["title"], "body": body.get("description", ""), "head": body["source_branch"],
                 "base": body["target_branch"], "state": "opened", "labels": [x for x in body.get("labels", "").split(",") if x], "comments": [],
                 "reviewers": body.get("reviewer_ids", [])}
            pulls[p["number"]] = p
            return self.reply(201, mr(p))
        p = pulls.get(int(m.group(2) or 0))
        if not p:
            return self.reply(404, {"message": "404 Not found"})
        if method == "PUT" and not m.group(3):
            if "title" in body:
                p["title"] = body["title"]
            if "description" in body:
                p["body"] = body["description"]
            p["labels"] += [x for x in body.get("add_labels", "").split(",") if x and x not in p["labels"]]
            if "reviewer_ids" in body:
                p["reviewers"] = body["reviewer_ids"]
            if body.get("state_event") == "close":
                p["state"] = "closed"
            return self.reply(200, mr(p))
        if method == "POST" and m.group(3):
            p["comments"].append(body["body"])
            return self.reply(201, {"id": len(p["comments"]), "body": body["body"]})
        return self.reply(404, {"message": "404 Not found"})

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_PATCH(self):
        self.handle_any("PATCH")

    def do_PUT(self):
        self.handle_any("PUT")


def view(p):
    return {"number": p["number"], "html_url": f"https://github.example/pull/{p['number']}", "title": p["title"], "body": p["body"],
            "state": p["state"], "labels": [{"name": x} for x in p["labels"]],
            "requested_reviewers": [{"login": x} for x in p["reviewers"]], "requested_teams": [{"slug": x} for x in p["teams"]]}


def mr(p):
    return {"iid": p["number"], "web_url": f"https://gitlab.example/-/merge_requests/{p['number']}", "title": p["title"],
            "description": p["body"], "state": p["state"], "labels": p["labels"],
            "reviewers": [{"id": i, "username": next((n for n, v in USER_IDS.items() if v == i), "someone")} for i in p["reviewers"]]}


if __name__ == "__main__":
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    server.serve_forever()
