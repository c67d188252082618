#!/usr/bin/env python3
"""The web image's nginx must answer like `prost serve` does for the client's files.

  web_parity.py PROST_BIN NGINX_CONF_DIR

Builds a small client build (index.html, hashed assets with .br/.gz siblings, a favicon, a hidden
Vite manifest), starts the real binary and Debian's nginx with deploy/images/nginx/nginx.conf on
127.0.0.1 (paths moved into a scratch directory, nothing else changed), sends both the same
requests and compares status, the caching, encoding and security headers, and the body.
Prints one line per request; exits non-zero on any difference.
"""

import gzip
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

# Headers whose value must be the same from both servers (names lowercase).
COMPARED = [
    "cache-control",
    "content-encoding",
    "x-content-type-options",
    "x-frame-options",
    "referrer-policy",
    "content-security-policy",
    "permissions-policy",
    "cross-origin-opener-policy",
    "allow",
]
HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

# (method, path, Accept, Accept-Encoding): what browsers and API clients ask of the web tier.
CASES = [
    ("GET", "/", HTML, "br, gzip"),
    ("GET", "/", HTML, "gzip"),
    ("GET", "/", HTML, ""),
    ("HEAD", "/", HTML, "br"),
    ("GET", "/index.html", HTML, "br"),
    ("GET", "/e/k3J9xQ2pLm", HTML, "br"),
    ("GET", "/e/k3J9xQ2pLm/", HTML, "gzip"),
    ("GET", "/events", HTML, "br"),
    ("GET", "/new", HTML, ""),
    ("GET", "/login", HTML, "br"),
    ("GET", "/register/", HTML, "br"),
    ("GET", "/assets/index-Bx7a9f.js", "*/*", "br, gzip"),
    ("GET", "/assets/index-Bx7a9f.js", "*/*", "gzip"),
    ("GET", "/assets/index-Bx7a9f.js", "*/*", ""),
    ("GET", "/assets/index-C2kq1z.css", "text/css,*/*;q=0.1", "br"),
    ("GET", "/assets/gone-0ld.js", "*/*", "br"),
    ("GET", "/assets/gone-0ld", HTML, "br"),
    ("GET", "/favicon.svg", "image/*", "br"),
    ("GET", "/no-such-page", HTML, "br"),
    ("GET", "/no/such/page", HTML, ""),
    ("GET", "/no-such-page", "application/json", ""),
    ("GET", "/no-such-file.txt", HTML, ""),
    ("GET", "/.vite/manifest.json", "*/*", ""),
    ("GET", "/e/a.b", HTML, ""),
    ("POST", "/", HTML, ""),
    ("POST", "/e/k3J9xQ2pLm", "application/json", ""),
    ("DELETE", "/favicon.svg", "*/*", ""),
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def brotli_bytes(data):
    """Real brotli, from Node's zlib (Node builds the client anyway)."""
    out = subprocess.run(
        ["node", "-e", "process.stdout.write(require('zlib').brotliCompressSync(require('fs').readFileSync(0)))"],
        input=data, capture_output=True, check=True)
    return out.stdout


def make_build(root):
    index = b"<!doctype html><html><head><script type=module src=/assets/index-Bx7a9f.js></script></head>" \
            b"<body><div id=root>Prost!</div></body></html>\n" * 20
    files = {
        "index.html": index,
        "assets/index-Bx7a9f.js": b"console.log('prost');\n" * 200,
        "assets/index-C2kq1z.css": b":root{--foam:#fff8e7}\n" * 200,
    }
    for name, data in files.items():
        write(os.path.join(root, name), data)
        write(os.path.join(root, name + ".gz"), gzip.compress(data, 9))
        write(os.path.join(root, name + ".br"), brotli_bytes(data))
    write(os.path.join(root, "favicon.svg"), b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    write(os.path.join(root, ".vite/manifest.json"), b"{}")
    # nginx's workers run unprivileged: they must be able to read the build.
    for d, _, names in os.walk(root):
        os.chmod(d, 0o755)
        for n in names:
            os.chmod(os.path.join(d, n), 0o644)


def nginx_config(conf_dir, scratch, build, port):
    """deploy/images/nginx/nginx.conf with its image paths moved into the scratch directory."""
    with open(os.path.join(conf_dir, "nginx.conf")) as f:
        text = f.read()
    # In order: /tmp/ first, so the paths put in afterwards (under /tmp themselves) stay as they are.
    replacements = {
        "/tmp/": scratch + "/",
        "listen 8080 default_server;": f"listen 127.0.0.1:{port} default_server;",
        "root /srv/prost;": f"root {build};",
        "/etc/nginx/prost-headers.conf": os.path.join(conf_dir, "prost-headers.conf"),
        "access_log /dev/stdout combined;": f"access_log {scratch}/access.log combined;",
        "error_log stderr warn;": f"error_log {scratch}/error.log warn;",
    }
    for old, new in replacements.items():
        if old not in text:
            sys.exit(f"web_parity: nginx.conf no longer contains {old!r}; update the test")
        text = text.replace(old, new)
    path = os.path.join(scratch, "nginx.conf")
    with open(path, "w") as f:
        f.write(text)
    return path


def wait_port(port, proc, what):
    for _ in range(200):
        if proc.poll() is not None:
            sys.exit(f"web_parity: {what} exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit(f"web_parity: {what} did not listen on {port}")


def ask(port, method, path, accept, encoding):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    headers = {"Accept": accept}
    if encoding:
        headers["Accept-Encoding"] = encoding
    conn.request(method, path, headers=headers)
    r = conn.getresponse()
    body = r.read()
    conn.close()
    h = {k.lower(): v for k, v in r.getheaders()}
    return r.status, h, body


def summary(status, h, body):
    ctype = h.get("content-type", "").split(";")[0].strip().lower()
    out = {"status": status, "content-type": ctype}
    for name in COMPARED:
        out[name] = h.get(name)
    out["vary"] = ",".join(sorted({v.strip().lower() for v in h.get("vary", "").split(",") if v.strip()}))
    # Last-Modified matters where a browser revalidates a 200. nginx sends none with an error
    # status (the app's own 404 page included), the binary does; a 404 is not revalidated anyway.
    if status < 400:
        out["last-modified"] = "last-modified" in h
    if ctype == "application/json":
        # Error bodies: the same API.md shape and code; wording may differ.
        out["body"] = json.loads(body or b"{}").get("error", {}).get("code")
    else:
        out["body"] = body
    return out


def main():
    prost_bin, conf_dir = sys.argv[1], os.path.abspath(sys.argv[2])
    scratch = tempfile.mkdtemp(prefix="prost-web-parity-")
    os.chmod(scratch, 0o755)
    build = os.path.join(scratch, "dist")
    make_build(build)
    procs = []
    try:
        prost_port, nginx_port = free_port(), free_port()
        data = os.path.join(scratch, "data")
        env = dict(os.environ, PROST_ADDR=f"127.0.0.1:{prost_port}", PROST_DATA_DIR=data, PROST_WEB_DIR=build,
                   PROST_ROLE="web", RUST_LOG="warn")
        env.pop("MONGODB_URI", None)
        env.pop("REDIS_URL", None)
        prost_log = open(os.path.join(scratch, "prost.log"), "w")
        procs.append(subprocess.Popen([prost_bin, "serve"], env=env, stdout=prost_log, stderr=prost_log))
        conf = nginx_config(conf_dir, scratch, build, nginx_port)
        subprocess.run(["nginx", "-t", "-q", "-p", scratch, "-c", conf], check=True)
        procs.append(subprocess.Popen(["nginx", "-p", scratch, "-c", conf, "-g", "daemon off;"]))
        wait_port(prost_port, procs[0], "prost")
        wait_port(nginx_port, procs[1], "nginx")
        differences = 0
        for method, path, accept, encoding in CASES:
            want = summary(*ask(prost_port, method, path, accept, encoding))
            got = summary(*ask(nginx_port, method, path, accept, encoding))
            diff = {k: (want[k], got[k]) for k in want if want[k] != got[k]}
            label = f"{method} {path} [{accept.split(',')[0]}; {encoding or 'identity'}]"
            if diff:
                differences += 1
                shown = {k: tuple(v if not isinstance(v, bytes) else f"<{len(v)} bytes>" for v in pair)
                         for k, pair in diff.items()}
                print(f"DIFF {label}: (prost, nginx) {shown}")
            else:
                print(f"same {label}: {want['status']} {want['content-type']} "
                      f"{want['content-encoding'] or ''} {want['cache-control'] or ''}".rstrip())
        print(f"parity: {len(CASES) - differences} passed, {differences} failed")
        if differences:
            with open(os.path.join(scratch, "error.log")) as f:
                sys.stderr.write(f.read()[-2000:])
            sys.exit(1)
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
