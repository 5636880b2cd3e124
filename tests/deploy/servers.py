"""Real servers for the deployment tests: Debian's nginx with the shipped
site configuration (deploy/nginx/), and gunicorn on the test database.

nginx runs in the foreground (`daemon off`) with its own prefix, pid file and
temporary folders under the test's tmp_path: no root, nothing of the
machine's nginx touched."""

import getpass
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "nginx" / "cooperation.conf.template"
# Where Debian's libnginx-mod-http-cache-purge puts the module.
MODULES = Path(os.environ.get("NGINX_MODULES_DIR", "/usr/lib/nginx/modules"))
PURGE_MODULE = MODULES / "ngx_http_cache_purge_module.so"
VARIABLES = (
    "DOMAIN",
    "LISTEN",
    "UPSTREAM",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "CACHE_DIR",
    "PUBLIC_SCHEME",
    "PURGE_LISTEN",
    "COMPRESS_LISTEN",
    "SERVER_INCLUDE",
)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def render_site(values):
    """The template with the README's envsubst: only the named variables."""
    assert set(values) == set(VARIABLES)
    text = TEMPLATE.read_text()
    pattern = r"\$\{(" + "|".join(VARIABLES) + r")\}"
    rendered = re.sub(pattern, lambda match: str(values[match.group(1)]), text)
    assert "${" not in rendered
    return rendered


def current_database_url():
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/"
        f"{db['NAME']}"
    )


def wait_until_answers(url, process, log, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{url}: the server stopped:\n{log.read_text()[-3000:]}")
        try:
            requests.get(url, timeout=10)
            return
        except requests.RequestException:
            time.sleep(0.2)
    pytest.fail(f"{url} does not answer:\n{log.read_text()[-3000:]}")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@contextmanager
def running_gunicorn(tmp_path, extra_env=None):
    """gunicorn serving the test settings on the test database; yields its
    address (host:port)."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cooperation.settings.test",
        "DATABASE_URL": current_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CLIENT_IP_HEADER": "X-Real-IP",
        # As in production: public pages may be kept (the test settings
        # turn the page cache off for the other tests).
        "PAGE_CACHE_SECONDS": "300",
        **(extra_env or {}),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    with open(log, "w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "cooperation.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--access-logfile",
                "-",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_answers(f"http://127.0.0.1:{port}/robots.txt", process, log)
        yield f"127.0.0.1:{port}"
    finally:
        stop(process)


@contextmanager
def running_nginx(tmp_path, upstream, static_root, media_root):
    """Debian's nginx with the shipped site configuration in front of
    `upstream`; yields {"url", "purge_url", "log", "cache"}."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists() or not PURGE_MODULE.exists():
        pytest.fail(
            "nginx or libnginx-mod-http-cache-purge is missing: run `make services`."
        )
    prefix = tmp_path / "nginx"
    for folder in ("temp", "cache"):
        (prefix / folder).mkdir(parents=True)
    port, purge_port, compress_port = free_port(), free_port(), free_port()
    (prefix / "server.conf").write_text("access_log off;\n")
    (prefix / "site.conf").write_text(
        render_site(
            {
                "DOMAIN": "127.0.0.1",
                "LISTEN": f"127.0.0.1:{port}",
                "UPSTREAM": upstream,
                "STATIC_ROOT": static_root,
                "MEDIA_ROOT": media_root,
                "CACHE_DIR": prefix / "cache",
                "PUBLIC_SCHEME": "http",
                "PURGE_LISTEN": f"127.0.0.1:{purge_port}",
                "COMPRESS_LISTEN": f"127.0.0.1:{compress_port}",
                "SERVER_INCLUDE": prefix / "server.conf",
            }
        )
    )
    temp = prefix / "temp"
    # Started by root (a container), the workers would run as nobody, who
    # cannot read pytest's private tmp folder.
    user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
    (prefix / "nginx.conf").write_text(
        f"""load_module {PURGE_MODULE};
daemon off;
{user}
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log info;
events {{ worker_connections 256; }}
http {{
    # As Debian's /etc/nginx/nginx.conf, which the site is included in.
    sendfile on;
    tcp_nopush on;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {prefix}/site.conf;
}}
"""
    )
    log = prefix / "error.log"
    log.touch()
    with open(prefix / "output.log", "w") as output:
        process = subprocess.Popen(
            [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_answers(f"http://127.0.0.1:{port}/static/", process, log)
        yield {
            "url": f"http://127.0.0.1:{port}",
            "purge_url": f"http://127.0.0.1:{purge_port}",
            "log": log,
            "cache": prefix / "cache",
        }
    finally:
        stop(process)
