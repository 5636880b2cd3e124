"""`make bench`: the site at volume, uncached, measured. Prints a table.

    uv run python benchmarks/run.py [--requests 30] [--duration 10] [--skip-build]

1. `build_volume.py` fills its own database (BENCH_DATABASE_URL, by default
   coop_bench on the local PostgreSQL): 2,000 news, 500 events, 200 sheets,
   3 centres, 3 languages, 20,000 subscribers.
2. Every public page type, in French and in English (the English pages list
   French ones where a translation is missing), is asked for `--requests`
   times in this process through Django's test client, after one warm-up
   request: the server time (p50, p95) and the SQL queries of one request.
   Nothing caches the pages (the rendition and template caches stay warm, as
   they would on the server).
3. The search page, with several French queries, the same way.
4. Requests per second with `wrk` (2 threads, 8 connections, `--duration`
   seconds, `Accept-Encoding: gzip` as a browser sends it): the home page
   served by gunicorn (2 workers, the test settings: DEBUG off, Redis cache,
   PostgreSQL), and beside it, in the same run, nginx (Debian's, started on
   127.0.0.1 with a config of its own) serving the same bytes as a static
   file: the ceiling of this machine.

The throughput rows: the home page uncached, from Django's page cache, and
through nginx's proxy cache (deploy/'s configuration), beside the static
ceiling: the very bytes and headers of the cache's answer, as a file. The
static file and the cache are measured in turn (static, cache, static…,
`--rounds` passes through the cache), each pass compared with the static runs
just before and after it, and the medians given, with the processor time
nginx's worker spent per request (load hardly moves it, unlike the requests
per second). `--throughput-only` skips the page and search tables.

Times are figures for this machine, never asserted by a test.
"""

import argparse
import getpass
import gzip
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/coop_bench"
)
os.environ["DATABASE_URL"] = BENCH_DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cooperation.settings.test")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/13")
# Connections kept, as in production (the test settings close them).
os.environ["DATABASE_CONN_MAX_AGE"] = "60"

sys.path.insert(0, str(ROOT / "benchmarks"))
import build_volume  # noqa: E402

SEARCHES = [
    "jardin",
    "jardin partagé",
    "atelier cuisine",
    "conserverie",
    "fête de quartier",
    "maison de quartier des Ors",
    "accompagnement scolaire",
    "numérique",
    # Synonyms and plurals, many words never all on one page, nothing found.
    "vélos",
    "personnes âgées",
    "atelier jardin monnaie bénévoles samedi",
    "girafe",
]
TARGET_PAGE_P95_MS = 80
TARGET_SEARCH_P95_MS = 50
TARGET_QUERIES = 20
TARGET_NGINX_SHARE = 0.8
NGINX_ROW = "accueil, via le cache de nginx"
CEILING_ROW = "mêmes octets, fichier statique nginx"
CPU_ROW = "via le cache, en temps de processeur"


def page_urls():
    """One URL per public page type, French then English: [(label, url)]."""
    from agenda.models import EventIndexPage, EventPage
    from blog.models import NewsIndexPage, NewsPage
    from centres.models import CentreIndexPage, CentrePage
    from home.models import HomePage, StandardPage
    from newsletter.models import NewsletterIndexPage
    from projects.models import ProjectIndexPage, ProjectPage

    today = time.localtime()
    urls = []
    for code in ("fr", "en"):

        def first(model, code=code, **filters):
            found = (
                model.objects.live()
                .filter(locale__language_code=code, **filters)
                .order_by("path")
                .first()
            )
            return found.url if found else None

        def french_first(model, **filters):
            return first(model, code="fr", **filters)

        prefix = "" if code == "fr" else f"/{code}"
        agenda = first(EventIndexPage)
        centre = first(CentrePage)
        rows = [
            ("accueil", first(HomePage)),
            ("actualités", first(NewsIndexPage)),
            # An English reader meets mostly French news (not translated).
            ("actualité", first(NewsPage, slug__startswith="volume-")),
            ("agenda", agenda),
            (
                "agenda, mois",
                f"{agenda}mois/{today.tm_year}/{today.tm_mon}/" if agenda else None,
            ),
            ("événement", first(EventPage, slug__startswith="volume-")),
            ("catalogue", first(ProjectIndexPage)),
            ("fiche projet", first(ProjectPage, slug__startswith="volume-")),
            ("maisons de quartier", first(CentreIndexPage)),
            ("maison de quartier", centre),
            ("programme", f"{centre}programme/" if centre else None),
            ("recherche", f"{prefix}/recherche/?q=jardin"),
            ("flux RSS", f"{prefix}/actualites/flux/rss/"),
            ("flux iCal", f"{agenda}ical/" if agenda else None),
            ("page légale", first(StandardPage)),
            ("newsletter", first(NewsletterIndexPage)),
        ]
        if code != "fr":
            # The French page where a translation is missing, as an English
            # reader reaches it from a listing.
            rows.append(
                ("actualité (fr)", french_first(NewsPage, slug__startswith="volume-"))
            )
        urls += [(f"{label} [{code}]", url) for label, url in rows if url]
    return urls


def percentile(values, share):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))
    return ordered[index]


def site_just_changed():
    """What an editor's publication does to the caches a page reads: a new
    site version (the site cache's entries are read again from the
    database), in Redis and in this process."""
    from cooperation import site_cache
    from cooperation.per_request import forget_all

    site_cache._new_version()
    forget_all()


def measure(client, url, count, cold=False):
    """(status, queries of one request after a first one, [milliseconds] of
    `count` more). `cold`: each request right after a change to the site,
    as the first visitor after a publication meets it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # One warm-up request: a fresh process fills Django's content-type cache,
    # makes the renditions, and the site cache; a server does that once.
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # Counted now: the next request empties the connection's query log.
    queries_count = len(queries)
    times = []
    for _ in range(count):
        if cold:
            site_just_changed()
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return response.status_code, queries_count, times


def page_table(count, only=None, cold=False):
    from django.test import Client

    client = Client()
    rows = []
    for label, url in page_urls():
        if only and not any(label.startswith(name) for name in only):
            continue
        status, queries, times = measure(client, url, count, cold)
        rows.append(
            (
                label,
                url,
                status,
                queries,
                statistics.median(times),
                percentile(times, 0.95),
            )
        )
    return rows


def search_table(count):
    from django.test import Client

    client = Client()
    rows = []
    for words in SEARCHES:
        url = f"/recherche/?q={words}"
        status, queries, times = measure(client, url, count)
        rows.append(
            (words, status, queries, statistics.median(times), percentile(times, 0.95))
        )
    return rows


# Throughput -----------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


# What every browser asks: the rows are measured as they would be served.
WRK_HEADERS = ("Accept-Encoding: gzip",)


def wrk(url, duration, count=False):
    """Requests per second and p99 latency (as wrk prints it) for `url`, and
    with `count` the number of requests answered."""
    headers = [option for header in WRK_HEADERS for option in ("-H", header)]
    output = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{duration}s", "--timeout", "10s", "--latency"]
        + headers
        + [url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = next(
        float(line.split()[1])
        for line in output.splitlines()
        if line.startswith("Requests/sec")
    )
    p99 = next((line.split()[1] for line in output.splitlines() if "99%" in line), "?")
    errors = " ".join(
        line.strip()
        for line in output.splitlines()
        if "Non-2xx" in line or "Socket errors" in line
    )
    if count:
        answered = next(
            int(line.split()[0])
            for line in output.splitlines()
            if "requests in" in line
        )
        return rps, p99, errors, answered
    return rps, p99, errors


def nginx_workers(master):
    """The worker processes of the nginx whose master is `master` (not its
    cache manager and loader)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [
        pid
        for pid in children
        if Path(f"/proc/{pid}/cmdline").read_bytes().startswith(b"nginx: worker")
    ]


def cpu_seconds(pids):
    """User and system time spent so far by these processes."""
    ticks = 0
    for pid in pids:
        # The fields after the command's name, which may hold spaces.
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def wrk_nginx(url, duration, master):
    """wrk on `url` served by the nginx of master `master`: (requests per
    second, p99, errors, microseconds of its workers' CPU per request). The
    CPU per request hardly moves with the machine's load, the requests per
    second do."""
    workers = nginx_workers(master)
    before = cpu_seconds(workers)
    rps, p99, errors, requests = wrk(url, duration, count=True)
    return rps, p99, errors, (cpu_seconds(workers) - before) * 1e6 / requests


class Gunicorn:
    """The site under gunicorn, 2 workers, on a free port; with `page_cache`,
    anonymous pages kept in Redis as in production (PAGE_CACHE_SECONDS)."""

    def __init__(self, workdir, page_cache=False, database_url=None, app=None):
        self.port = free_port()
        self.app = app or "cooperation.wsgi"
        self.database_url = database_url or BENCH_DATABASE_URL
        self.page_cache = page_cache
        name = "gunicorn-cached.log" if page_cache else "gunicorn.log"
        self.log = open(Path(workdir) / name, "w")  # noqa: SIM115

    def __enter__(self):
        env = {**os.environ, "DATABASE_URL": self.database_url}
        env["PAGE_CACHE_SECONDS"] = "300" if self.page_cache else "0"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                self.app,
                "--workers=2",
                f"--bind=127.0.0.1:{self.port}",
                "--log-level=warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port)
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()

    def url(self, path="/"):
        return f"http://127.0.0.1:{self.port}{path}"


NGINX_CONF = """
daemon off;
{user}
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    server_tokens off;
    types {{}}
    default_type "{content_type}";
    etag off;
    server {{
        listen 127.0.0.1:{port};
        root {root}/html;
        gzip_static on;
        location = / {{
            try_files /index.html =404;
            add_header Last-Modified "";
{headers}
        }}
    }}
}}
"""

# What nginx writes in every answer itself (the length, its name, the date);
# every other header of the cache's answer is given to the static file too.
NGINX_OWN_HEADERS = {
    "server",
    "date",
    "connection",
    "content-length",
    "transfer-encoding",
    "content-encoding",
    "content-type",
}


def nginx_string(value):
    if "$" in value:
        raise ValueError(f"a header with a $ cannot be copied to nginx: {value}")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def header_lines(headers):
    """The headers of an answer as a comparable list, without the date and
    the framing of the body (Content-Length or chunked)."""
    skip = {"date", "content-length", "transfer-encoding"}
    return sorted(
        (name.lower(), value)
        for name, value in headers.items()
        if name.lower() not in skip
    )


class StaticNginx:
    """Debian's nginx serving one HTML file: the ceiling of the machine. Given
    the page and headers as nginx's cache serves them (gzip), it serves those
    very bytes with the same headers to a client that asks for gzip, and the
    inflated HTML to the others."""

    def __init__(self, workdir, compressed, headers):
        self.root = Path(workdir) / "static-nginx"
        (self.root / "html").mkdir(parents=True)
        (self.root / "html" / "index.html.gz").write_bytes(compressed)
        (self.root / "html" / "index.html").write_bytes(gzip.decompress(compressed))
        self.page = compressed
        self.headers = headers
        self.port = free_port()

    def __enter__(self):
        conf = self.root / "nginx.conf"
        added = "\n".join(
            f"            add_header {name} {nginx_string(value)} always;"
            for name, value in self.headers.items()
            if name.lower() not in NGINX_OWN_HEADERS
        )
        # Started by root, the workers would run as nobody, who cannot read
        # the private temporary folder: every request answered 404 (what
        # this ceiling measured until December 2026).
        user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
        conf.write_text(
            NGINX_CONF.format(
                root=self.root,
                port=self.port,
                user=user,
                content_type=self.headers["Content-Type"],
                headers=added,
            )
        )
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.process = subprocess.Popen(
            [nginx, "-c", str(conf), "-p", str(self.root)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)
        # The ceiling is worth something only if it is the same answer.
        page, headers = fetch(self.url())
        if page != self.page or header_lines(headers) != header_lines(self.headers):
            self.__exit__()
            raise RuntimeError(
                "the static file is not the cache's answer:\n"
                f"{header_lines(headers)}\n{header_lines(self.headers)}"
            )
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGQUIT)
        self.process.wait(timeout=30)

    def url(self):
        return f"http://127.0.0.1:{self.port}/"


def fetch(url):
    """The body, as sent (urllib inflates nothing), and headers of one GET
    asked as wrk asks."""
    import urllib.request

    headers = dict(header.split(": ", 1) for header in WRK_HEADERS)
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request) as response:
        return response.read(), response.headers


def throughput_table(duration, rounds=3):
    """The home page hammered with wrk: from Django uncached, from Django's
    page cache (Redis), through nginx's proxy cache (deploy/'s configuration
    in front of the cached gunicorn), and the same bytes with the same
    headers as a static file served by nginx in the same run, the machine's
    ceiling. The static file and the cache are measured in turn (static,
    cache, static… `rounds` passes through the cache), each pass compared
    with the static runs just before and after it; the medians are given."""
    from django.conf import settings

    from tests.deploy.servers import running_nginx

    rows = []
    with (
        tempfile.TemporaryDirectory() as workdir,
        Gunicorn(workdir) as site,
        Gunicorn(workdir, page_cache=True) as cached,
    ):
        fetch(cached.url("/"))  # the first request fills the page cache
        _, headers = fetch(cached.url("/"))
        django_note = f"X-Page-Cache: {headers.get('X-Page-Cache')}"
        with running_nginx(
            Path(workdir),
            f"127.0.0.1:{cached.port}",
            settings.STATIC_ROOT,
            settings.MEDIA_ROOT,
        ) as proxy:
            fetch(proxy["url"] + "/")
            page, headers = fetch(proxy["url"] + "/")
            nginx_note = (
                f"X-Cache-Status: {headers.get('X-Cache-Status')}, "
                f"{headers.get('Content-Encoding', 'identity')} {len(page)} o"
            )
            master = int((Path(workdir) / "nginx" / "nginx.pid").read_text())
            with StaticNginx(workdir, page, headers) as nginx:
                static = [wrk_nginx(nginx.url(), duration, nginx.process.pid)]
                hits = []
                for _ in range(rounds):
                    hits.append(wrk_nginx(proxy["url"] + "/", duration, master))
                    static.append(wrk_nginx(nginx.url(), duration, nginx.process.pid))
        shares = [
            hit[0] / ((before[0] + after[0]) / 2)
            for hit, before, after in zip(hits, static, static[1:], strict=False)
        ]
        ceiling = statistics.median(run[0] for run in static)
        for label, url, note in (
            ("accueil, Django, sans cache", site.url("/"), ""),
            ("accueil, cache de pages Django", cached.url("/"), django_note),
        ):
            rps_django, p99_django, errors_django = wrk(url, duration)
            rows.append(
                (
                    label,
                    rps_django,
                    p99_django,
                    f"{note} {errors_django}".strip(),
                    rps_django / ceiling,
                )
            )
        hit = sorted(hits)[(len(hits) - 1) // 2]
        hit_cpu = statistics.median(run[3] for run in hits)
        static_cpu = statistics.median(run[3] for run in static)
        errors = " ".join(sorted({run[2] for run in hits if run[2]}))
        rows.append(
            (
                NGINX_ROW,
                hit[0],
                hit[1],
                f"{nginx_note}; médiane de {len(shares)} parts "
                f"({min(shares):.2f} à {max(shares):.2f}); "
                f"nginx {hit_cpu:.1f} µs/requête {errors}".strip(),
                statistics.median(shares),
            )
        )
        rows.append(
            (
                CEILING_ROW,
                ceiling,
                sorted(static)[(len(static) - 1) // 2][1],
                f"médiane de {len(static)} mesures "
                f"({min(run[0] for run in static):.0f} à "
                f"{max(run[0] for run in static):.0f}); "
                f"nginx {static_cpu:.1f} µs/requête",
                1,
            )
        )
        # The same comparison in the worker's processor time, which the
        # other processes of a loaded machine hardly move.
        rows.append((CPU_ROW, None, "", "", static_cpu / hit_cpu))
    return rows


# Report ---------------------------------------------------------------------


def report(pages, searches, throughput, cold=False):
    print()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Machine : {os.cpu_count()} cœurs, charge moyenne {load} (1, 5, 15 min)")
    print()
    if pages:
        print(
            "Pages, sans cache (client de test, dans le processus)"
            + (", juste après un changement du site (--cold)" if cold else "")
        )
        print(f"{'page':32} {'statut':>6} {'requêtes':>8} {'p50 ms':>8} {'p95 ms':>8}")
        for label, _url, status, queries, p50, p95 in pages:
            print(f"{label:32} {status:>6} {queries:>8} {p50:>8.1f} {p95:>8.1f}")
        print()
    if searches:
        print("Recherche (PostgreSQL)")
        print(f"{'mots':32} {'statut':>6} {'requêtes':>8} {'p50 ms':>8} {'p95 ms':>8}")
        for words, status, queries, p50, p95 in searches:
            print(f"{words:32} {status:>6} {queries:>8} {p50:>8.1f} {p95:>8.1f}")
        print()
    if throughput:
        print(f"Débit (wrk, 2 fils, 8 connexions, {', '.join(WRK_HEADERS)})")
        print(f"{'cible':36} {'req/s':>9} {'p99':>9} {'part du plafond':>16}")
        for label, rps, p99, errors, share in throughput:
            rate = "" if rps is None else f"{rps:.0f}"
            print(f"{label:36} {rate:>9} {p99:>9} {share:>16.2f} {errors}")
        print()
    print("Objectifs :")
    if pages:
        worst_page = max(pages, key=lambda row: row[5])
        most_queries = max(pages, key=lambda row: row[3])
        print(
            f"  p95 des pages < {TARGET_PAGE_P95_MS} ms : "
            f"{reached(worst_page[5] < TARGET_PAGE_P95_MS)} "
            f"(pire : {worst_page[0]}, {worst_page[5]:.1f} ms)"
        )
        print(
            f"  requêtes par page <= {TARGET_QUERIES} : "
            f"{reached(most_queries[3] <= TARGET_QUERIES)} "
            f"(pire : {most_queries[0]}, {most_queries[3]})"
        )
    if searches:
        worst_search = max(searches, key=lambda row: row[4])
        print(
            f"  p95 de la recherche < {TARGET_SEARCH_P95_MS} ms : "
            f"{reached(worst_search[4] < TARGET_SEARCH_P95_MS)} "
            f"(pire : « {worst_search[0]} », {worst_search[4]:.1f} ms)"
        )
    if throughput:
        share = next(row[4] for row in throughput if row[0] == NGINX_ROW)
        cpu_share = next(row[4] for row in throughput if row[0] == CPU_ROW)
        print(
            f"  via le cache de nginx >= {TARGET_NGINX_SHARE} du plafond : "
            f"{reached(share >= TARGET_NGINX_SHARE)} ({share:.2f}; "
            f"en temps de processeur de nginx : {cpu_share:.2f})"
        )


def reached(condition):
    return "atteint" if condition else "NON atteint"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="passes through nginx's cache, each between two of the static file",
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="each page request right after a change to the site (the site "
        "cache's entries read again), as the first visitor after a publication",
    )
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--skip-wrk", action="store_true")
    parser.add_argument("--skip-search", action="store_true")
    parser.add_argument(
        "--throughput-only",
        action="store_true",
        help="only the wrk rows, not the page and search tables",
    )
    parser.add_argument(
        "--only-search",
        action="store_true",
        help="the search rows only (no page table, no wrk)",
    )
    parser.add_argument(
        "--pages",
        help="only the page types whose label starts with one of these "
        "comma-separated words (« agenda,événement,flux iCal »); "
        "implies no search and no wrk",
    )
    args = parser.parse_args()

    build_volume.setup_django()
    if not args.skip_build:
        from django.core.management import call_command

        call_command("migrate", "--noinput", verbosity=0)
        build_volume.build()
    only = [name.strip() for name in args.pages.split(",")] if args.pages else None
    skip_pages = args.throughput_only or args.only_search
    pages = [] if skip_pages else page_table(args.requests, only, args.cold)
    skip_search = args.throughput_only or args.skip_search or only
    searches = [] if skip_search else search_table(args.requests)
    skip_wrk = args.skip_wrk or args.only_search or only
    throughput = None if skip_wrk else throughput_table(args.duration, args.rounds)
    report(pages, searches, throughput, args.cold)


if __name__ == "__main__":
    main()
