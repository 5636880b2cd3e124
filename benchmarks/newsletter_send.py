"""How fast a campaign goes out, and how much memory it takes. Prints figures.

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/coop_campaigns_bench \\
    REDIS_URL=redis://127.0.0.1:6379/7 \\
    uv run python benchmarks/newsletter_send.py [--sizes 10000,100000]

For each size: that many subscribed people on one list, two Celery worker
processes (one pool process each) on the real Redis, Anymail's Brevo backend
talking to the fake Brevo service (20 ms per call) from the tests. The
campaign is started by a separate "enqueuing" process (recipients written,
batch tasks queued), whose peak RSS is measured on its own. Then the same
batches are posted straight to the fake service by a bare loop (two
threads, like the two workers): the ceiling on this machine.

It also prints the CPU time that went into one batch, per part: the worker
processes, PostgreSQL (every client of the server, so run it on a quiet
machine), this process (the fake service) and the enqueuing process. On a
machine of two cores their sum, halved, is the least time a batch can take.

The database named in DATABASE_URL is created if missing and its newsletter
tables are emptied: give it a database of its own.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_databases import ensure_database  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cooperation.settings.test")
os.environ.setdefault(
    "DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/coop_campaigns_bench"
)
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/7")

LATENCY = 0.020
BATCH_SIZE = int(os.environ.get("NEWSLETTER_BATCH_SIZE", "500"))


def setup_django():
    import django

    django.setup()


def seed(largest):
    """`largest` subscribed people; the first n of them on list bench-<n>."""
    from django.db import connection

    from newsletter.models import MailingList, Subscriber

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE newsletter_delivery, newsletter_campaign_lists, "
            "newsletter_campaign, newsletter_subscriber_lists, "
            "newsletter_subscriber, newsletter_consentrecord CASCADE"
        )
    Through = Subscriber.lists.through
    step = 5000
    for start in range(0, largest, step):
        people = Subscriber.objects.bulk_create(
            Subscriber(email=f"lecteur{n}@example.org", status="subscribed")
            for n in range(start, min(largest, start + step))
        )
        ids = [person.pk for person in people]
        for size in SIZES:
            mailing_list, _ = MailingList.objects.get_or_create(
                slug=f"bench-{size}", defaults={"name": f"Bench {size}"}
            )
            Through.objects.bulk_create(
                Through(subscriber_id=pk, mailinglist_id=mailing_list.pk)
                for pk in ids[: max(0, min(step, size - start))]
            )


def start_worker(queue, env, log):
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "cooperation",
            "worker",
            "--loglevel=INFO",
            "--concurrency=1",
            "--pool=prefork",
            "--queues",
            queue,
            "--hostname",
            f"{uuid.uuid4().hex[:6]}@%h",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def peak_rss_mb(pid):
    """Peak resident memory of a process and its children, in MB each."""
    figures = {}
    children = Path(f"/proc/{pid}/task/{pid}/children")
    pids = [pid, *(int(p) for p in children.read_text().split())]
    for each in pids:
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                figures[each] = int(line.split()[1]) / 1024
    return figures


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids):
    """User and system CPU time of these processes, with that of their
    children that have ended (a PostgreSQL backend that closed)."""
    total = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except FileNotFoundError:
            continue
        # After the command name: utime, stime, cutime, cstime are the
        # 12th to 15th fields.
        total += sum(int(field) for field in stat.rsplit(")", 1)[1].split()[11:15])
    return total / TICKS


def process_tree(pid):
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [pid, *(int(child) for child in children)]


def postgres_pids():
    pids = []
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() == "postgres":
                pids.append(int(comm.parent.name))
        except (FileNotFoundError, ProcessLookupError):
            continue
    return pids


def enqueue(campaign_id):
    """Run in its own process: write recipients, queue the batches."""
    setup_django()
    from newsletter import tasks

    started, cpu = time.time(), time.process_time()
    tasks.start_campaign(campaign_id)
    cpu = time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "cpu": cpu,
                "peak_rss_mb": peak,
                "started": started,
                "enqueued_in": time.time() - started,
            }
        )
    )


def run_campaign(size, fake, queue, env):
    from newsletter.models import Campaign, MailingList

    campaign = Campaign.objects.create(
        subject="Banc d'essai",
        text_body="Bonjour {{ params.first_name }} {{ params.unsubscribe_url }}\n"
        + "Des nouvelles des quartiers. " * 40,
        html_body="<p>Bonjour</p>"
        + "<p>Des nouvelles des quartiers.</p>" * 80
        + "<a href='{{ params.unsubscribe_url }}'>Se désinscrire</a>",
    )
    campaign.lists.set([MailingList.objects.get(slug=f"bench-{size}")])
    before = fake.accepted_count()
    output = subprocess.run(
        [sys.executable, __file__, "--enqueue", str(campaign.pk)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    enqueued, enqueuer = figures["enqueued_in"], figures["peak_rss_mb"]
    enqueuer_cpu = figures["cpu"]
    # Wall time runs from the moment the enqueuing process starts the
    # campaign (its Python start-up is not counted) to the last row sent.
    while Campaign.objects.get(pk=campaign.pk).status != Campaign.Status.DONE:
        time.sleep(0.05)
    wall = time.time() - figures["started"]
    received = fake.accepted_count() - before
    return campaign, wall, enqueued, enqueuer, enqueuer_cpu, received


def bare_loop(fake, size, campaign):
    """The same batches, posted by two plain threads with requests."""
    import requests

    versions = [
        {
            "to": [{"email": f"lecteur{n}@example.org"}],
            "params": {
                "first_name": "",
                "manage_url": "https://example.org/g/" + "x" * 90,
                "unsubscribe_url": "https://example.org/d/" + "x" * 90,
            },
            "headers": {
                "X-Mailin-custom": json.dumps({"campaign": 0, "delivery": n}),
                "List-Unsubscribe": "<https://example.org/d/" + "x" * 90 + ">",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        }
        for n in range(size)
    ]
    batches = [
        versions[start : start + BATCH_SIZE] for start in range(0, size, BATCH_SIZE)
    ]
    lock = threading.Lock()

    def loop():
        with requests.Session() as session:
            while True:
                with lock:
                    if not batches:
                        return
                    batch = batches.pop()
                payload = {
                    "sender": {"email": "contact@example.org"},
                    "subject": campaign.subject,
                    "textContent": campaign.text_body,
                    "htmlContent": campaign.html_body,
                    "tags": ["bare-loop"],
                    "messageVersions": batch,
                }
                response = session.post(
                    fake.url + "smtp/email",
                    data=json.dumps(payload),
                    headers={
                        "api-key": fake.api_key,
                        "Content-Type": "application/json",
                    },
                    timeout=30,
                )
                response.raise_for_status()

    started = time.monotonic()
    threads = [threading.Thread(target=loop) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--enqueue", type=int)
    args = parser.parse_args()
    if args.enqueue:
        enqueue(args.enqueue)
        return

    global SIZES
    SIZES = sorted(int(size) for size in args.sizes.split(","))
    ensure_database(os.environ["DATABASE_URL"])
    setup_django()
    from django.core.management import call_command

    from tests.newsletter.fake_brevo import FakeBrevo

    call_command("migrate", verbosity=0)
    print(f"seeding {SIZES[-1]} subscribers …", flush=True)
    seed(SIZES[-1])

    fake = FakeBrevo().start()
    fake.latency = LATENCY
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "EMAIL_BACKEND": "anymail.backends.brevo.EmailBackend",
        "ANYMAIL_BREVO_API_URL": fake.url,
        "ANYMAIL_BREVO_API_KEY": fake.api_key,
        "NEWSLETTER_BATCH_SIZE": str(BATCH_SIZE),
        # As in production (base settings): the test settings the workers
        # start from close the database connection after every task.
        "DATABASE_CONN_MAX_AGE": "60",
    }
    print(
        f"fake Brevo at {fake.url}, {LATENCY * 1000:.0f} ms per call, "
        f"batches of {BATCH_SIZE}, 2 worker processes",
        flush=True,
    )
    for size in SIZES:
        log_path = ROOT / "var" / f"bench-workers-{size}.log"
        log_path.parent.mkdir(exist_ok=True)
        with open(log_path, "w") as log:
            workers = [start_worker(queue, env, log) for _ in range(2)]
            while log_path.read_text().count("ready.") < 2:
                time.sleep(0.2)
            trees = [process_tree(worker.pid) for worker in workers]
            workers_cpu = -cpu_seconds(pid for tree in trees for pid in tree)
            postgres_cpu = -cpu_seconds(postgres_pids())
            own_cpu = -sum(os.times()[:2])
            try:
                campaign, wall, enqueued, enqueuer, enqueuer_cpu, received = (
                    run_campaign(size, fake, queue, env)
                )
                memory = [peak_rss_mb(worker.pid) for worker in workers]
                workers_cpu += cpu_seconds(pid for tree in trees for pid in tree)
                postgres_cpu += cpu_seconds(postgres_pids())
                own_cpu += sum(os.times()[:2])
            finally:
                for worker in workers:
                    worker.terminate()
                for worker in workers:
                    worker.wait(timeout=30)
        doubles = sum(1 for count in fake.recipients().values() if count > 1)
        bare = bare_loop(fake, size, campaign)
        rate = size / wall
        bare_rate = size / bare
        print(f"\n== {size} recipients ==")
        print(
            f"accepted by the fake service: {received} "
            f"(addresses received twice: {doubles})"
        )
        print(
            f"wall time (enqueue → all sent): {wall:.1f} s; "
            f"enqueuing took {enqueued:.1f} s"
        )
        print(f"recipients per second:          {rate:,.0f}")
        print(f"bare loop, same batches:        {bare:.1f} s, {bare_rate:,.0f} /s")
        print(f"ratio to the bare loop:         {rate / bare_rate:.2f}")
        print(f"peak RSS, enqueuing process:    {enqueuer:.0f} MB")
        for number, figures in enumerate(memory, start=1):
            detail = ", ".join(f"{mb:.0f} MB" for mb in figures.values())
            print(f"peak RSS, worker {number} (main, pool): {detail}")
        batches = -(-size // BATCH_SIZE)
        print(
            f"CPU per batch of {BATCH_SIZE} ({os.cpu_count()} cores): "
            f"workers {1000 * workers_cpu / batches:.0f} ms, "
            f"PostgreSQL {1000 * postgres_cpu / batches:.0f} ms (all its clients), "
            f"fake service {1000 * own_cpu / batches:.0f} ms, "
            f"enqueuing {1000 * enqueuer_cpu / batches:.0f} ms"
        )
        fake.accepted.clear()
        fake.by_tag_and_email.clear()
    fake.stop()


SIZES = []

if __name__ == "__main__":
    main()
