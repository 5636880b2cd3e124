"""`make lighthouse`: Lighthouse's four scores (mobile) for the eight page
types the city checks, on the demo site served as in production.

    uv run python benchmarks/lighthouse.py [--runs 3] [--page centre]

1. The demo (`load_demo`) in its own database (LIGHTHOUSE_DATABASE_URL, by
   default coop_lighthouse on the local PostgreSQL), loaded when missing.
2. gunicorn (2 workers, the test settings with the page cache on, Redis,
   PostgreSQL) behind Debian's nginx with deploy/'s configuration (static
   files from a collectstatic, gzip, the proxy cache), as in production.
3. Lighthouse (tools/node, `make page-checkers`) on Debian's Chromium,
   headless, mobile (its default: a throttled phone), `--runs` times per
   page; the median of each score is printed, and the audits that cost
   points in accessibility, best practices and SEO.

The machine has no outside network: the centre map's tiles
(tile.openstreetmap.org) fail to load, and Lighthouse counts those failures
as console errors (best practices). Performance is a time on this machine:
a figure, never asserted.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
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


def lighthouse(url, output):
    """Lighthouse's JSON report on `url`."""
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={output}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        check=True,
        capture_output=True,
    )
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


def measure(base_url, pages, runs, workdir):
    rows = []
    for label, path in pages:
        results = [
            scores_and_losses(
                lighthouse(base_url + path, Path(workdir) / f"report-{run}.json")
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
    from django.conf import settings

    from tests.deploy.servers import running_nginx

    with tempfile.TemporaryDirectory() as workdir:
        static_root = Path(workdir) / "static"
        os.environ["STATIC_ROOT"] = str(static_root)
        manage("collectstatic", "--noinput", "-v", "0")
        os.environ["PAGE_CACHE_SECONDS"] = "300"
        with (
            Gunicorn(workdir, page_cache=True, database_url=DATABASE_URL) as site,
            running_nginx(
                Path(workdir),
                f"127.0.0.1:{site.port}",
                static_root,
                settings.MEDIA_ROOT,
            ) as proxy,
        ):
            rows = measure(proxy["url"], pages, args.runs, workdir)
        shutil.rmtree(static_root, ignore_errors=True)
    report(rows, args.runs)


if __name__ == "__main__":
    main()
