"""`make lighthouse`: Lighthouse's four scores (mobile) for the eight page
types the city checks, on the demo site served as in production.

    uv run python benchmarks/lighthouse.py [--runs 3] [--page centre]

1. The demo (`load_demo`) in its own database (LIGHTHOUSE_DATABASE_URL, by
   default coop_lighthouse on the local PostgreSQL), loaded when missing.
2. gunicorn (2 workers, the test settings with the page cache on, Redis,
   PostgreSQL; each page visited once first); static and media files from
   WhiteNoise (`lighthouse_wsgi.py`), not compressed: production's
   nginx gzips them, so Lighthouse's text-compression audit costs this run
   a little performance that production does not pay).
3. Lighthouse (tools/node, `make page-checkers`) on Debian's Chromium,
   headless, mobile (its default: a throttled phone), `--runs` times per
   page; the median of each score is printed, and the audits that cost
   points in accessibility, best practices and SEO.

The machine has no outside network: the centre map's tiles
(tile.openstreetmap.org) come from a stand-in on 127.0.0.1 (Chromium's
host resolver rules, a certificate of its own), one blank tile for every
address, so that their failure does not count as console errors. Performance
is a time on this machine: a figure, never asserted.
"""

import argparse
import http.server
import json
import os
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import urllib.request
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get(
    "LIGHTHOUSE_DATABASE_URL",
    "postgres://postgres:postgres@127.0.0.1:5432/coop_lighthouse",
)
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cooperation.settings.test")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/12")
os.environ.setdefault("CACHE_KEY_PREFIX", "coop-lighthouse")

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_databases import ensure_database  # noqa: E402
from run import Gunicorn  # noqa: E402

os.environ["DATABASE_URL"] = DATABASE_URL  # run.py set its own

LIGHTHOUSE = ROOT / "tools/node/node_modules/.bin/lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--no-sandbox --headless=new --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def blank_png(size=256):
    """A white PNG tile, made here."""

    def chunk(kind, data):
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = size.to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
    rows = b"".join(b"\x00" + b"\xff" * size for _ in range(size))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


class FakeTiles:
    """An HTTPS server on 127.0.0.1 answering every tile address with a
    blank tile; Chromium is pointed at it instead of the tile server."""

    def __init__(self, workdir):
        self.cert = Path(workdir) / "tiles.pem"
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=tile.openstreetmap.org",
                "-keyout",
                str(self.cert),
                "-out",
                str(self.cert),
            ],
            check=True,
            capture_output=True,
        )

    def __enter__(self):
        tile = blank_png()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Access-Control-Allow-Origin", "*")
                self.end_headers()
                self.wfile.write(tile)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()

    def chrome_flags(self):
        port = self.server.server_address[1]
        return (
            f'--host-resolver-rules="MAP tile.openstreetmap.org 127.0.0.1:{port}" '
            "--ignore-certificate-errors"
        )


def manage(*args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        check=True,
        env={**os.environ, "DATABASE_URL": DATABASE_URL},
    )


def ensure_demo():
    """The demo in its database, loaded once (load_demo takes minutes)."""
    ensure_database(DATABASE_URL)
    manage("migrate", "--noinput", "-v", "0")
    import django

    django.setup()
    from home.models import HomePage

    if not HomePage.objects.exists():
        manage("load_demo", "--force")


def page_urls():
    """[(label, path)]: the eight page types, French, and the search's
    results beside its form."""
    from agenda.models import EventIndexPage, EventPage
    from blog.models import NewsIndexPage, NewsPage
    from centres.models import CentrePage
    from home.models import HomePage
    from projects.models import ProjectIndexPage, ProjectPage

    def first(model):
        page = (
            model.objects.live()
            .filter(locale__language_code="fr")
            .order_by("path")
            .first()
        )
        return page.url

    return [
        ("accueil", first(HomePage)),
        ("actualités", first(NewsIndexPage)),
        ("événement", first(EventPage)),
        ("agenda", first(EventIndexPage)),
        ("fiche projet", first(ProjectPage)),
        ("catalogue", first(ProjectIndexPage)),
        ("maison de quartier", first(CentrePage)),
        ("recherche", "/recherche/"),
        ("recherche, résultats", "/recherche/?q=jardin"),
        ("actualité", first(NewsPage)),
    ]


def lighthouse(url, output, extra_flags=""):
    """Lighthouse's JSON report on `url`."""
    done = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={output}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS} {extra_flags}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(f"Lighthouse a échoué sur {url} :\n{done.stderr[-3000:]}")
    return json.loads(Path(output).read_text())


def scores_and_losses(report):
    scores = {
        name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES
    }
    losses = set()
    for name in CATEGORIES[1:]:
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                losses.add(f"{name}: {ref['id']}")
    return scores, losses


def measure(base_url, pages, runs, workdir, extra_flags):
    rows = []
    for label, path in pages:
        # As on a served site: the renditions made and the page cached by a
        # first visit, which Lighthouse would otherwise wait for.
        with urllib.request.urlopen(base_url + path, timeout=300) as response:
            response.read()
        results = [
            scores_and_losses(
                lighthouse(
                    base_url + path, Path(workdir) / f"report-{run}.json", extra_flags
                )
            )
            for run in range(runs)
        ]
        scores = {
            name: statistics.median(result[0][name] for result in results)
            for name in CATEGORIES
        }
        spread = {
            name: max(r[0][name] for r in results) - min(r[0][name] for r in results)
            for name in CATEGORIES
        }
        losses = set().union(*(result[1] for result in results))
        rows.append((label, path, scores, spread, sorted(losses)))
        print(f"  {label}: {scores}", file=sys.stderr, flush=True)
    return rows


def report(rows, runs):
    print()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"Lighthouse (mobile), médiane de {runs} passage(s) ; machine : "
        f"{os.cpu_count()} cœurs, charge {load}"
    )
    print(f"{'page':24} {'perf.':>6} {'access.':>8} {'pratiques':>10} {'SEO':>5}")
    for label, path, scores, spread, _ in rows:
        cells = [
            f"{scores[name]:g}" + (f"±{spread[name]:g}" if spread[name] else "")
            for name in CATEGORIES
        ]
        print(f"{label:24} {cells[0]:>6} {cells[1]:>8} {cells[2]:>10} {cells[3]:>5}")
        print(f"{'':24} {path}")
    losses = [(label, loss) for label, *_, found in rows for loss in found]
    if losses:
        print()
        print("Points perdus (accessibilité, bonnes pratiques, SEO) :")
        for label, loss in losses:
            print(f"  {label} — {loss}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--page", help="only the pages whose label holds this")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse manque : lancez `make page-checkers`.")

    ensure_demo()
    pages = [p for p in page_urls() if not args.page or args.page in p[0]]
    os.environ["PAGE_CACHE_SECONDS"] = "300"
    with (
        tempfile.TemporaryDirectory() as workdir,
        Gunicorn(
            workdir,
            page_cache=True,
            database_url=DATABASE_URL,
            app="benchmarks.lighthouse_wsgi",
        ) as site,
        FakeTiles(workdir) as tiles,
    ):
        rows = measure(site.url(""), pages, args.runs, workdir, tiles.chrome_flags())
    report(rows, args.runs)


if __name__ == "__main__":
    main()
