"""nginx in front of the web service, with deploy/nginx.conf as the guide installs it (paths and ports
replaced) and a self-signed certificate for 127.0.0.1."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from tests.topology.servers import ROOT, Process, free_port, require, tcp_open, wait_for


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    cert, key = directory / "fullchain.pem", directory / "privkey.pem"
    subprocess.run(
        [require("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def nginx(
    directory: Path, *, upstream_port: int, static_root: str, https_port: int | None = None
) -> tuple[Process, int, int, Path]:
    """Start nginx; returns (process, http port, https port, certificate)."""
    binary = require("nginx")
    directory.mkdir(parents=True, exist_ok=True)
    cert, key = self_signed_certificate(directory)
    http_port, https_port = free_port(), https_port or free_port()
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    site = re.sub(r"^\s*listen \[::\].*\n", "", site, flags=re.MULTILINE)
    for old, new in (
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream_port};"),
        ("server_name complaints.example.com;", "server_name 127.0.0.1;"),
        ("/etc/ssl/complaint-desk/fullchain.pem", str(cert)),
        ("/etc/ssl/complaint-desk/privkey.pem", str(key)),
        ("/srv/complaint-desk/static/", static_root.rstrip("/") + "/"),
        ("/etc/nginx/complaint-desk-proxy.conf", str(ROOT / "deploy" / "nginx-proxy.conf")),
    ):
        assert old in site, old
        site = site.replace(old, new)
    (directory / "site.conf").write_text(site)
    temp = directory / "temp"
    temp.mkdir(exist_ok=True)
    (directory / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"""worker_processes 1;
daemon off;
pid {directory}/nginx.pid;
error_log {directory}/error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log {directory}/access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {directory}/site.conf;
}}
"""
    )
    test = subprocess.run([binary, "-t", "-c", str(directory / "nginx.conf")], capture_output=True, text=True)
    assert test.returncode == 0, test.stderr
    proc = Process(
        [binary, "-c", str(directory / "nginx.conf")], env=dict(os.environ), log=directory / "out.log"
    )
    wait_for(lambda: tcp_open(https_port), 20, "nginx")
    return proc, http_port, https_port, cert
