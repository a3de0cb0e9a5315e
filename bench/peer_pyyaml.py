#!/usr/bin/env python3
"""The peer: the same compile in Python + PyYAML (libyaml C loader and dumper).

Reads platform.yaml and environments/*.yaml, builds the tenancy objects Paved emits (Namespace,
ResourceQuota, LimitRange, RoleBinding, 3 NetworkPolicies, LocalQueue per tenant and environment;
PriorityClasses, ResourceFlavors and a ClusterQueue per tenant per environment; a kustomization per
environment; not the serving, alert and GitOps objects) and dumps each to YAML, one file per object.

    peer_pyyaml.py PLATFORM_DIR [--out DIR]     without --out: render in memory only
"""
import os
import sys

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
PRIORITY = {"low": 1000, "standard": 10000, "high": 100000}
RECLAIM = {"low": "Never", "standard": "LowerPriority", "high": "Any"}


def labels(platform, env, tenant=None, extra=()):
    out = {"app.kubernetes.io/managed-by": "paved", "paved.dev/environment": env, "paved.dev/platform": platform}
    if tenant:
        out["paved.dev/tenant"] = tenant
    out.update(extra)
    return dict(sorted(out.items()))


def meta(name, lab, ns=None):
    m = {"name": name}
    if ns:
        m["namespace"] = ns
    m["labels"] = lab
    return m


def tenant_objects(p, spec, env, t, pools):
    name, ns = t["name"], f"{t['name']}-{env}"
    lab = labels(p, env, name)
    v = "v1." + spec["kubernetesVersion"].split(".")[1]
    psa = {}
    for mode in ("enforce", "audit", "warn"):
        psa[f"pod-security.kubernetes.io/{mode}"] = "restricted"
        psa[f"pod-security.kubernetes.io/{mode}-version"] = v
    psa["paved.dev/priority"] = t.get("priority", "standard")
    gpus, borrow = t["quota"].get("gpus", {}), t.get("borrowing", {})
    hard = {"requests.cpu": str(t["quota"]["cpu"]), "requests.memory": str(t["quota"]["memory"])}
    totals = {}
    for pool in sorted(set(gpus) | set(borrow)):
        r = pools[pool]["resource"]
        totals[r] = totals.get(r, 0) + gpus.get(pool, 0) + borrow.get(pool, 0)
    for r in sorted(totals):
        hard[f"requests.{r}"] = str(totals[r])
    owners = []
    for o in t["owners"]:
        kind, _, who = o.partition(":")
        owners.append({"apiGroup": "rbac.authorization.k8s.io", "kind": kind.capitalize(), "name": who})
    owners.sort(key=lambda s: (s["kind"], s["name"]))
    d = f"tenants/{name}/"
    net = lambda n, s: {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": meta(n, lab, ns), "spec": s}
    nsel = lambda n: {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": n}}}
    return [
        (d + f"namespace-{ns}.yaml", {"apiVersion": "v1", "kind": "Namespace", "metadata": meta(ns, labels(p, env, name, psa))}),
        (d + "resourcequota-tenant-quota.yaml", {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": meta("tenant-quota", lab, ns), "spec": {"hard": hard}}),
        (d + "limitrange-container-defaults.yaml", {"apiVersion": "v1", "kind": "LimitRange", "metadata": meta("container-defaults", lab, ns),
            "spec": {"limits": [{"type": "Container", "default": {"cpu": "1", "memory": "1Gi"}, "defaultRequest": {"cpu": "100m", "memory": "256Mi"}}]}}),
        (d + "rolebinding-paved-owners.yaml", {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": meta("paved-owners", lab, ns),
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "edit"}, "subjects": owners}),
        (d + "networkpolicy-default-deny-all.yaml", net("default-deny-all", {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]})),
        (d + "networkpolicy-allow-dns-egress.yaml", net("allow-dns-egress", {"podSelector": {}, "policyTypes": ["Egress"], "egress": [{
            "to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}}, "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}],
            "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}]}]})),
        (d + "networkpolicy-allow-ingress.yaml", net("allow-ingress", {"podSelector": {}, "policyTypes": ["Ingress"], "ingress": [{
            "from": [{"podSelector": {}}, nsel(spec.get("network", {}).get("gatewayNamespace", "istio-system")), nsel(spec.get("network", {}).get("monitoringNamespace", "monitoring"))]}]})),
        (d + "localqueue-default.yaml", {"apiVersion": "kueue.x-k8s.io/v1beta2", "kind": "LocalQueue", "metadata": meta("default", lab, ns), "spec": {"clusterQueue": ns}}),
    ]


def cluster_queue(p, env, t, pools):
    gpus, borrow = t["quota"].get("gpus", {}), t.get("borrowing", {})
    groups = [{"coveredResources": ["cpu", "memory"], "flavors": [{"name": "default", "resources": [
        {"name": "cpu", "nominalQuota": str(t["quota"]["cpu"]), "borrowingLimit": 0},
        {"name": "memory", "nominalQuota": str(t["quota"]["memory"]), "borrowingLimit": 0}]}]}]
    by_resource = {}
    for pool in sorted(set(gpus) | set(borrow)):
        by_resource.setdefault(pools[pool]["resource"], []).append(pool)
    for r in sorted(by_resource):
        groups.append({"coveredResources": [r], "flavors": [{"name": pool, "resources": [
            {"name": r, "nominalQuota": gpus.get(pool, 0), "borrowingLimit": borrow.get(pool, 0)}]} for pool in by_resource[r]]})
    name = f"{t['name']}-{env}"
    return (f"cluster/clusterqueue-{name}.yaml", {"apiVersion": "kueue.x-k8s.io/v1beta2", "kind": "ClusterQueue", "metadata": meta(name, labels(p, env, t["name"])),
        "spec": {"cohortName": env, "namespaceSelector": {"matchLabels": {"paved.dev/environment": env, "paved.dev/tenant": t["name"]}},
            "queueingStrategy": "BestEffortFIFO", "preemption": {"reclaimWithinCohort": RECLAIM[t.get("priority", "standard")],
            "borrowWithinCohort": {"policy": "Never"}, "withinClusterQueue": "LowerPriority"}, "resourceGroups": groups}})


def compile_platform(root):
    with open(os.path.join(root, "platform.yaml")) as f:
        doc = yaml.load(f, Loader=LOADER)
    spec, p = doc["spec"], doc["metadata"]["name"]
    for env in spec["environments"]:
        with open(os.path.join(root, "environments", f"{env}.yaml")) as f:
            yaml.load(f, Loader=LOADER)
    pools = {pool["name"]: pool for pool in spec.get("gpuPools", [])}
    files = []
    for env in spec["environments"]:
        objects = []
        for level in ("low", "standard", "high"):
            objects.append((f"cluster/priorityclass-paved-{level}.yaml", {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
                "metadata": meta(f"paved-{level}", labels(p, env)), "value": PRIORITY[level], "globalDefault": False,
                "preemptionPolicy": "Never" if level == "low" else "PreemptLowerPriority", "description": f"Paved {level} priority."}))
        objects.append(("cluster/resourceflavor-default.yaml", {"apiVersion": "kueue.x-k8s.io/v1beta2", "kind": "ResourceFlavor", "metadata": meta("default", labels(p, env)), "spec": {}}))
        for pool in pools.values():
            objects.append((f"cluster/resourceflavor-{pool['name']}.yaml", {"apiVersion": "kueue.x-k8s.io/v1beta2", "kind": "ResourceFlavor",
                "metadata": meta(pool["name"], labels(p, env, extra={"paved.dev/gpu-pool": pool["name"]})),
                "spec": {"nodeLabels": pool.get("nodeLabels", {}), "nodeTaints": pool.get("taints", []),
                    "tolerations": [dict(t, operator="Exists") for t in pool.get("taints", [])]}}))
        for t in spec["tenants"]:
            objects.append(cluster_queue(p, env, t, pools))
            objects.extend(tenant_objects(p, spec, env, t, pools))
        objects.append(("kustomization.yaml", {"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
            "resources": sorted(path for path, _ in objects)}))
        files.extend((f"{env}/{path}", yaml.dump(obj, Dumper=DUMPER, sort_keys=False)) for path, obj in objects)
    return files


def main():
    root = sys.argv[1]
    out = sys.argv[sys.argv.index("--out") + 1] if "--out" in sys.argv else None
    files = compile_platform(root)
    if out:
        for path, text in files:
            full = os.path.join(out, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w") as f:
                f.write(text)
    print(f"{len(files)} files", file=sys.stderr)


if __name__ == "__main__":
    main()
