#!/usr/bin/env python3
"""Checks of the deployment files that no schema makes: what `make test-deploy` asserts about
the rendered chart, the Dockerfiles, and the CRDs turned into kubeconform schemas.

  deploy_checks.py rendered DEFAULT.yaml ALL.yaml   assert on `helm template` output
  deploy_checks.py crd-schemas OUT_DIR CRD.yaml...  CRDs -> kubeconform JSON schemas
  deploy_checks.py dockerfiles ROOT DOCKERFILE...   COPY sources exist, RUN steps parse as sh

Each failed check prints one line saying what is wrong with which object; the exit code is the
number of failures (capped at 100), so a run with any failure fails.
"""

import fnmatch
import json
import os
import re
import shlex
import subprocess
import sys

import yaml

failures = []


def check(ok, message):
    if not ok:
        failures.append(message)
    return ok


def load(path):
    with open(path) as f:
        return [d for d in yaml.safe_load_all(f) if d]


def by_kind(docs, kind):
    return [d for d in docs if d["kind"] == kind]


def component(doc):
    labels = doc["metadata"].get("labels", {})
    return labels.get("app.kubernetes.io/component")


def pod_spec(doc):
    if doc["kind"] == "CronJob":
        return doc["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return doc["spec"]["template"]["spec"]


def workloads(docs):
    return [d for d in docs if d["kind"] in ("Deployment", "StatefulSet", "CronJob")]


def prost_containers(docs):
    """(workload, container) for the pods that run Prost's own images (not the test databases)."""
    for w in workloads(docs):
        if component(w) in ("mongodb", "redis"):
            continue
        for c in pod_spec(w)["containers"]:
            yield w, c


def name(doc):
    return f"{doc['kind']}/{doc['metadata']['name']}"


def env_of(container):
    return {e["name"]: e for e in container.get("env", [])}


SECRET_ENV = {
    "PROST_JWT_SECRET",
    "MONGODB_URI",
    "REDIS_URL",
    "TELEGRAM_BOT_TOKEN",
    "PROST_SMTP_URL",
}


def is_secret_env(var):
    return var in SECRET_ENV or re.fullmatch(r"PROST_OIDC_[A-Z0-9_]+_CLIENT_SECRET", var) is not None


def check_security(docs):
    for w, c in prost_containers(docs):
        pod = pod_spec(w)
        psc, csc = pod.get("securityContext", {}), c.get("securityContext", {})
        where = f"{name(w)} container {c['name']}"
        check(psc.get("runAsNonRoot") is True and csc.get("runAsNonRoot") is True, f"{where}: runAsNonRoot")
        check(csc.get("runAsUser", psc.get("runAsUser", 0)) != 0, f"{where}: runs as uid 0")
        check(csc.get("readOnlyRootFilesystem") is True, f"{where}: root filesystem is writable")
        check(csc.get("allowPrivilegeEscalation") is False, f"{where}: privilege escalation allowed")
        check(csc.get("capabilities", {}).get("drop") == ["ALL"], f"{where}: capabilities not all dropped")
        check(psc.get("seccompProfile", {}).get("type") == "RuntimeDefault", f"{where}: no seccomp profile")
        check(pod.get("automountServiceAccountToken") is False, f"{where}: mounts a service account token")
        res = c.get("resources", {})
        for kind in ("requests", "limits"):
            check({"cpu", "memory"} <= set(res.get(kind, {})), f"{where}: resources.{kind} lacks cpu or memory")
        mounts = {m["mountPath"] for m in c.get("volumeMounts", [])}
        check("/tmp" in mounts, f"{where}: no writable /tmp under a read-only root")
    for w in workloads(docs):
        if component(w) in ("mongodb", "redis"):
            for c in pod_spec(w)["containers"]:
                check(c.get("securityContext", {}).get("readOnlyRootFilesystem") is True,
                      f"{name(w)}: test database with a writable root filesystem")
                check(pod_spec(w)["securityContext"].get("runAsNonRoot") is True, f"{name(w)}: runs as root")


def check_probes(docs):
    for w, c in prost_containers(docs):
        if w["kind"] == "CronJob":
            # A run-to-completion job has nothing to probe: it drains and exits.
            check("readinessProbe" not in c, f"{name(w)}: a one-shot job with a readiness probe")
            continue
        where = f"{name(w)} container {c['name']}"
        ready = c.get("readinessProbe", {}).get("httpGet", {})
        live = c.get("livenessProbe", {}).get("httpGet", {})
        check(ready.get("path") == "/readyz", f"{where}: readiness probe is not GET /readyz")
        check(live.get("path") == "/healthz", f"{where}: liveness probe is not GET /healthz")
        ports = {p["name"] for p in c.get("ports", [])}
        check(ready.get("port") in ports and live.get("port") in ports, f"{where}: probes aim at an unnamed port")


def check_secrets(docs, existing_secret):
    check(not by_kind(docs, "Secret"), "the chart renders a Secret: secrets must come from existingSecret")
    for w, c in prost_containers(docs):
        for var, e in env_of(c).items():
            if not is_secret_env(var):
                continue
            ref = e.get("valueFrom", {}).get("secretKeyRef")
            in_cluster_db = var in ("MONGODB_URI", "REDIS_URL") and "value" in e
            if in_cluster_db:
                # The in-cluster test databases have no password: their URL is no secret.
                check("@" not in e["value"], f"{name(w)}: {var} inlines credentials")
                continue
            check(ref is not None and "value" not in e, f"{name(w)}: {var} is inlined, not a secretKeyRef")
            if ref:
                check(ref["name"] == existing_secret, f"{name(w)}: {var} reads Secret {ref['name']}, not {existing_secret}")
        check(c.get("envFrom") is None, f"{name(w)}: envFrom would take every key of some object")


def check_roles(docs):
    roles = {}
    for w, c in prost_containers(docs):
        env = env_of(c)
        if "PROST_ROLE" in env:
            roles[name(w)] = (component(w), env["PROST_ROLE"]["value"], c.get("args"))
    for obj, (comp, role, args) in roles.items():
        want = {"api": ("web", ["serve"]), "worker": ("worker", ["serve"]), "worker-once": ("worker", ["worker", "--once"])}
        if check(comp in want, f"{obj}: unexpected component {comp} runs prost"):
            check((role, args) == want[comp], f"{obj}: PROST_ROLE={role} args={args}, want {want[comp]}")
    web = [w for w in by_kind(docs, "Deployment") if component(w) == "web"]
    for w in web:
        check(all("PROST_ROLE" not in env_of(c) for c in pod_spec(w)["containers"]), f"{name(w)}: web tier runs prost")
        check(all(not c.get("env") for c in pod_spec(w)["containers"]), f"{name(w)}: web tier gets environment (secrets?)")
    return roles


def node_pools(pod):
    """The node labels a pod demands: nodeSelector plus required node affinity terms (In)."""
    pools = dict(pod.get("nodeSelector", {}))
    terms = (pod.get("affinity", {}).get("nodeAffinity", {})
             .get("requiredDuringSchedulingIgnoredDuringExecution", {}).get("nodeSelectorTerms", []))
    for term in terms:
        for e in term.get("matchExpressions", []):
            if e["operator"] == "In" and len(e["values"]) == 1:
                pools.setdefault(e["key"], e["values"][0])
                check(pools[e["key"]] == e["values"][0], f"nodeSelector and affinity disagree on {e['key']}")
    return pools


def check_placement(docs):
    deps = {component(d): d for d in by_kind(docs, "Deployment")}
    if not check("api" in deps and "web" in deps, "no api or web Deployment"):
        return
    api, web = node_pools(pod_spec(deps["api"])), node_pools(pod_spec(deps["web"]))
    check(bool(api) and bool(web), "web or API is not pinned to a node pool")
    # Different pools: some label both select with different values, so no node satisfies both.
    check(any(k in web and web[k] != v for k, v in api.items()),
          f"web {web} and API {api} could share nodes (the seed wants them apart)")
    for comp in ("api", "web"):
        spread = (pod_spec(deps[comp]).get("affinity", {}).get("podAntiAffinity", {})
                  .get("preferredDuringSchedulingIgnoredDuringExecution", []))
        check(any(t["podAffinityTerm"]["topologyKey"] == "kubernetes.io/hostname" for t in spread),
              f"{comp}: replicas not spread over nodes")


def selects(selector, labels):
    return all(labels.get(k) == v for k, v in selector.get("matchLabels", {}).items())


def check_wiring(docs):
    """Services select their pods, the ingress reaches the services, HPA/PDB aim at real targets."""
    pods = {component(d): d["spec"]["template"]["metadata"]["labels"] for d in by_kind(docs, "Deployment")}
    services = {d["metadata"]["name"]: d for d in by_kind(docs, "Service")}
    for svc in services.values():
        sel = svc["spec"].get("selector", {})
        check(any(selects({"matchLabels": sel}, labels) for labels in pods.values())
              or component(svc) in ("mongodb", "redis"), f"{name(svc)} selects no pod")
    for ing in by_kind(docs, "Ingress"):
        ann = ing["metadata"].get("annotations", {})
        check(ing["spec"].get("ingressClassName") == "haproxy", f"{name(ing)}: not for the HAProxy controller")
        check(bool(ing["spec"].get("tls")), f"{name(ing)}: no TLS")
        for rule in ing["spec"]["rules"]:
            for p in rule["http"]["paths"]:
                target = p["backend"]["service"]["name"]
                check(target in services, f"{name(ing)}: backend {target} is no Service")
                if p["path"].startswith("/api"):
                    check(ann.get("haproxy.org/load-balance", "").startswith("uri depth 4"),
                          f"{name(ing)}: /api is not hashed on /api/v1/events/{{id}}")
                    check("hash-type consistent" in ann.get("haproxy.org/backend-config-snippet", ""),
                          f"{name(ing)}: hashing is not consistent")
                    check("timeout tunnel " in ann.get("haproxy.org/backend-config-snippet", ""),
                          f"{name(ing)}: no WebSocket tunnel timeout")
                    check(component(services[target]) == "api", f"{name(ing)}: /api goes to {target}")
                else:
                    check(component(services.get(target, ing)) == "web", f"{name(ing)}: / goes to {target}")
    targets = {d["metadata"]["name"] for d in by_kind(docs, "Deployment")}
    for hpa in by_kind(docs, "HorizontalPodAutoscaler"):
        check(hpa["spec"]["scaleTargetRef"]["name"] in targets, f"{name(hpa)}: scales nothing")
        api = next(d for d in by_kind(docs, "Deployment") if component(d) == "api")
        check("replicas" not in api["spec"], f"{name(api)}: fixed replicas fight the autoscaler")
    for pdb in by_kind(docs, "PodDisruptionBudget"):
        check(any(selects(pdb["spec"]["selector"], labels) for labels in pods.values()), f"{name(pdb)} selects no pod")
    for np in by_kind(docs, "NetworkPolicy"):
        check(set(np["spec"]["policyTypes"]) >= {"Ingress"}, f"{name(np)}: does not restrict ingress")


def rendered(default_path, all_path):
    default, everything = load(default_path), load(all_path)
    for docs, label in ((default, "default"), (everything, "all features")):
        before = len(failures)
        check_security(docs)
        check_probes(docs)
        check_secrets(docs, "prost-secrets")
        roles = check_roles(docs)
        check_placement(docs)
        check_wiring(docs)
        kinds = sorted({d["kind"] for d in docs})
        print(f"{label}: {len(docs)} objects ({', '.join(kinds)}), {len(roles)} prost containers, "
              f"{len(failures) - before} failures")
    kinds = {d["kind"] for d in default}
    check({"Deployment", "Service", "Ingress", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy"} <= kinds,
          f"default render lacks a core kind: {sorted(kinds)}")
    check(not kinds & {"StatefulSet", "ServiceMonitor", "CronJob"}, "optional parts are on by default")
    every = {d["kind"] for d in everything}
    check({"StatefulSet", "ServiceMonitor", "CronJob"} <= every, f"all-features render lacks an optional part: {sorted(every)}")
    mongo = [d for d in by_kind(everything, "StatefulSet") if component(d) == "mongodb"]
    if check(len(mongo) == 1, "no in-cluster MongoDB StatefulSet"):
        check("--replSet" in " ".join(pod_spec(mongo[0])["containers"][0]["args"]), "MongoDB is not a replica set")
        api = next(d for d in by_kind(everything, "Deployment") if component(d) == "api")
        uri = env_of(pod_spec(api)["containers"][0])["MONGODB_URI"]["value"]
        check("replicaSet=" in uri and uri.count(":27017") == mongo[0]["spec"]["replicas"],
              f"API's MONGODB_URI does not list every member: {uri}")


def crd_schemas(out_dir, crd_paths):
    """Writes one kubeconform schema per CRD version: KIND_GROUP_VERSION.json (what -schema-location "{{ .ResourceKind }}_{{ .Group }}_{{ .ResourceAPIVersion }}.json" finds), strict."""
    os.makedirs(out_dir, exist_ok=True)

    def strict(node):
        # kubeconform -strict rejects unknown fields only where the schema says so.
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node and "additionalProperties" not in node \
                    and not node.get("x-kubernetes-preserve-unknown-fields"):
                node["additionalProperties"] = False
            for v in node.values():
                strict(v)
        elif isinstance(node, list):
            for v in node:
                strict(v)

    written = []
    for path in crd_paths:
        for crd in load(path):
            kind = crd["spec"]["names"]["kind"].lower()
            group = crd["spec"]["group"]
            for v in crd["spec"]["versions"]:
                schema = v["schema"]["openAPIV3Schema"]
                schema.setdefault("properties", {}).update(
                    {"apiVersion": {"type": "string"}, "kind": {"type": "string"}, "metadata": {"type": "object"}})
                strict(schema)
                target = os.path.join(out_dir, f"{kind}_{group}_{v['name']}.json")
                with open(target, "w") as f:
                    json.dump(schema, f)
                written.append(os.path.basename(target))
    print(f"CRD schemas: {', '.join(written)}")


def dockerignore_patterns(dockerfile):
    """BuildKit reads DOCKERFILE.dockerignore beside the Dockerfile before the context's own."""
    for candidate in (dockerfile + ".dockerignore",):
        if os.path.exists(candidate):
            with open(candidate) as f:
                return [line.strip() for line in f if line.strip() and not line.startswith("#")]
    return []


def ignored(rel, patterns):
    verdict = False
    for p in patterns:
        negate = p.startswith("!")
        p = p.lstrip("!").rstrip("/")
        if fnmatch.fnmatch(rel, p) or rel.startswith(p + "/"):
            verdict = not negate
    return verdict


def instructions(dockerfile):
    """(line number, INSTRUCTION, argument text) with continuation lines joined."""
    with open(dockerfile) as f:
        lines = f.read().split("\n")
    out, buf, start = [], "", 0
    for i, line in enumerate(lines, 1):
        stripped = line.strip()
        if not buf and (not stripped or stripped.startswith("#")):
            continue
        if buf and stripped.startswith("#"):
            continue
        if not buf:
            start = i
        if stripped.endswith("\\"):
            buf += stripped[:-1] + " "
            continue
        buf += stripped
        word, _, rest = buf.partition(" ")
        out.append((start, word.upper(), rest.strip()))
        buf = ""
    return out


def dockerfiles(root, paths):
    for path in paths:
        patterns = dockerignore_patterns(path)
        stages, runs, copies = set(), 0, 0
        for line, word, rest in instructions(path):
            where = f"{os.path.relpath(path, root)}:{line}"
            if word == "FROM":
                parts = rest.split()
                if len(parts) >= 3 and parts[-2].upper() == "AS":
                    stages.add(parts[-1])
                check(":" in parts[0] or "@" in parts[0], f"{where}: base image {parts[0]} has no tag")
            elif word in ("COPY", "ADD"):
                args = shlex.split(rest)
                flags = [a for a in args if a.startswith("--")]
                args = [a for a in args if not a.startswith("--")]
                if any(f.startswith("--from=") for f in flags):
                    src_stage = next(f for f in flags if f.startswith("--from="))[7:]
                    check(src_stage in stages, f"{where}: COPY --from={src_stage} names no earlier stage")
                    continue
                for src in args[:-1]:
                    copies += 1
                    rel = os.path.normpath(src)
                    check(os.path.exists(os.path.join(root, rel)), f"{where}: COPY source {src} does not exist")
                    check(not ignored(rel, patterns), f"{where}: COPY source {src} is excluded by .dockerignore")
            elif word == "RUN":
                runs += 1
                # BuildKit's own flags (--mount=..., --network=...) come before the command.
                while rest.startswith("--"):
                    rest = rest.split(None, 1)[1] if " " in rest else ""
                if rest.startswith("["):
                    continue
                # The builder runs RUN through /bin/sh -c: dash here, as in Debian images.
                result = subprocess.run(["sh", "-n", "-c", rest], capture_output=True, text=True)
                check(result.returncode == 0, f"{where}: RUN does not parse as sh: {result.stderr.strip()}")
        print(f"{os.path.relpath(path, root)}: {len(stages)} named stages, {copies} COPY sources, {runs} RUN steps checked")


def main():
    cmd, *args = sys.argv[1:] or [""]
    if cmd == "rendered":
        rendered(*args)
    elif cmd == "crd-schemas":
        crd_schemas(args[0], args[1:])
    elif cmd == "dockerfiles":
        dockerfiles(args[0], args[1:])
    else:
        sys.exit(__doc__)
    for f in failures:
        print(f"FAIL: {f}", file=sys.stderr)
    sys.exit(min(len(failures), 100))


if __name__ == "__main__":
    main()
