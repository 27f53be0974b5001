"""Load test: many readers and one editor against gunicorn on this machine, with faults.

    python -m loadtest.run [--readers 64] [--duration 60] [--fault NAME]

It starts its own gunicorn and a throwaway redis-server on loopback ports, fills a
PostgreSQL database (DATABASE_URL, created if missing) with the demo content, then runs
the readers while an editor saves a brief through the admin every second. The app reaches
PostgreSQL and Redis through relays, so a fault (loadtest/faults.py) can cut or hang them.
It prints throughput, latency percentiles (and the worst during the fault) and every status
code, and exits non-zero on an unexpected 5xx, a lost save or a failed fault check. Traffic
never leaves 127.0.0.1, and every loop is bounded.
"""

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

from loadtest.client import AdminSession, fetch, require_loopback
from loadtest.faults import ACCESS_LOG_FORMAT, FAULTS, FaultLog, Rig, Victim
from loadtest.relay import TcpRelay
from loadtest.server import ROOT, app_server, collect_static, database_url, redis_server

APP_PORT, REDIS_PORT, RELAY_PORT, REDIS_RELAY_PORT = 8195, 8196, 8197, 8198
MAX_DURATION, MAX_READERS = 600, 256
THREADS = 4  # per gunicorn worker
UNPUBLISH_TIMEOUT = 60  # seconds
READER_PATHS = [
    "/",
    "/briefs/",
    "/countries/",
    "/countries/kazakhstan/",
    "/themes/",
    "/series/between-moscow-and-the-west/",
    "/authors/",
    "/search/?q=neutrality",
    "/feed/",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=64)
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers")
    parser.add_argument("--fault", choices=list(FAULTS), default="none")
    args = parser.parse_args()
    if not 1 <= args.duration <= MAX_DURATION or not 1 <= args.readers <= MAX_READERS:
        parser.error(f"duration 1..{MAX_DURATION} s, readers 1..{MAX_READERS}")
    return args


def ensure_database(url):
    parts = urlsplit(url)
    require_loopback(parts.hostname)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not exists.fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


@dataclass
class Content:
    """What the run works on: two sessions of one editor, the brief the editor saves every
    second, the readers' addresses and, for the unpublish fault, the brief it takes down."""

    cookies: list[str]
    edited_brief_id: int
    reader_paths: list[str]
    victim: Victim | None


def prepare_content(env, fault):
    """Migrate, load the demo briefs, sign in an editor twice and choose the briefs."""
    for command in (["migrate", "--no-input"], ["load_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    # This process reads the database and the cache exactly as the app servers do.
    os.environ.clear()
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from briefs.models import Brief
    from loadtest.surfaces import surfaces_of

    editor, _ = get_user_model().objects.get_or_create(
        username="loadtest-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    cookies = []
    for _ in range(2):
        client = Client()
        client.force_login(editor)
        cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    public = Brief.objects.published()
    paths = READER_PATHS + [brief.get_absolute_url() for brief in public[:20]]
    if fault != "unpublish-during-outage":
        return Content(cookies, public.order_by("id").first().pk, paths, None)
    # The editor's every-second saves go to a brief readers cannot see, which retires no
    # kept page: the unpublish is the only public change around the fault.
    hidden = Brief.objects.exclude(pk__in=public.values("pk")).order_by("id").first()
    if hidden is None:
        raise RuntimeError("The demo content has no unpublished brief for the editor to save.")
    newest = public.order_by("-publish_at", "-id").first()
    victim = Victim(newest.pk, newest.get_absolute_url(), surfaces_of(newest))
    return Content(cookies, hidden.pk, paths + victim.surfaces, victim)


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.timings = []  # (started, seconds), on the monotonic clock
        self.statuses = Counter()
        self.errors = Counter()

    def record(self, status, started, seconds):
        with self.lock:
            self.statuses[status] += 1
            self.timings.append((started, seconds))

    @property
    def latencies(self):
        return [seconds for _, seconds in self.timings]

    def worst(self, started, ended):
        """The longest request started between ``started`` and ``ended``, the longest
        started outside, and how many started between."""
        inside = [seconds for at, seconds in self.timings if started <= at <= ended]
        outside = [seconds for at, seconds in self.timings if not started <= at <= ended]
        return max(inside, default=0.0), max(outside, default=0.0), len(inside)


def reader(base_url, paths, deadline, results):
    index = secrets.randbelow(len(paths))
    while time.monotonic() < deadline:
        path = paths[index % len(paths)]
        index += 1
        started = time.monotonic()
        try:
            status = fetch(base_url, path, timeout=15).status
        except OSError as error:
            results.errors[type(error).__name__] += 1
            continue
        results.record(status, started, time.monotonic() - started)


def editor(session, brief_id, deadline, saves):
    number = 0
    while time.monotonic() < deadline:
        number += 1
        dek = f"Load-test edit {number}: a one-paragraph summary, saved every second."
        started = time.monotonic()
        try:
            status = session.change_brief(brief_id, dek=dek).status
        except (OSError, RuntimeError) as error:
            status = type(error).__name__
        saves.append((dek, status))
        time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))


def inject_fault(fault, delay, rig, log):
    time.sleep(delay)
    try:
        fault(rig, log)
    except (OSError, RuntimeError) as error:
        log.check(False, f"the fault could not run to its end: {error!r}")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    args = parse_args()
    target_database = os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/briefs_loadtest"
    )
    ensure_database(target_database)
    parts = urlsplit(target_database)
    database_relay = TcpRelay(RELAY_PORT, (parts.hostname, parts.port or 5432))
    database_relay.start()
    workdir = Path(tempfile.mkdtemp(prefix="loadtest-"))
    redis = redis_server(REDIS_PORT, workdir)
    redis_relay = TcpRelay(REDIS_RELAY_PORT, ("127.0.0.1", REDIS_PORT))
    redis_relay.start()
    access_log = workdir / "access.log"
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{APP_PORT}",
        # The app reaches PostgreSQL and Redis through relays, so a fault can cut them.
        "DATABASE_URL": database_url(
            {
                "USER": parts.username or "postgres",
                "PASSWORD": parts.password,
                "HOST": "127.0.0.1",
                "PORT": RELAY_PORT,
                "NAME": parts.path.lstrip("/"),
            }
        ),
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_RELAY_PORT}/0",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "WARNING",
        # Which worker answered which request: the stale check asks every worker.
        "GUNICORN_ACCESS_LOG": str(access_log),
        "GUNICORN_CMD_ARGS": f"--access-logformat '{ACCESS_LOG_FORMAT}'",
    }
    content = None
    try:
        collect_static(env, workdir / "static")
        content = prepare_content(env, args.fault)
        workers = args.workers or max(2, (os.cpu_count() or 1) * 2 + 1)
        with app_server(
            APP_PORT, env, workdir / "gunicorn.log", workers=workers, threads=THREADS
        ) as base_url:
            rig = Rig(
                base_url,
                workers,
                THREADS,
                redis,
                database_relay,
                redis_relay,
                access_log,
                # The unpublish must get through however loaded the server is.
                AdminSession(base_url, content.cookies[1], timeout=UNPUBLISH_TIMEOUT),
                content.victim,
            )
            report = run_load(args, rig, content)
        from django.db import connection

        from briefs.models import Brief

        connection.close()  # the fault may have cut this process's connection too
        final_dek = Brief.objects.get(pk=content.edited_brief_id).dek
        errors = logged_errors(workdir / "gunicorn.log")
    finally:
        if content is not None and content.victim is not None:
            publish_again(content.victim)
        if redis.poll() is None:
            redis.terminate()
        redis_relay.stop()
        database_relay.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return print_report(args, workers, report, final_dek, errors)


def publish_again(victim):
    """Leave the demo content as it was: the brief the unpublish fault took down is public."""
    from django.db import connection

    from briefs.models import Brief

    connection.close()  # the fault may have cut this process's connection
    Brief.objects.filter(pk=victim.id).update(status=Brief.Status.PUBLISHED)


def logged_errors(log_path):
    """The errors the app servers logged, each as its message and the exception's last line."""
    errors = []
    for line in log_path.read_text().splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("level") in ("ERROR", "CRITICAL"):
            exception = entry.get("traceback", "").strip().rpartition("\n")[2]
            errors.append(f"{entry['message']} {exception}".strip())
    return errors


def run_load(args, rig, content):
    results, saves, fault_log = Results(), [], FaultLog()
    started = time.monotonic()
    deadline = started + args.duration
    threads = [
        threading.Thread(
            target=reader, args=(rig.base_url, content.reader_paths, deadline, results)
        )
        for _ in range(args.readers)
    ]
    editor_session = AdminSession(rig.base_url, content.cookies[0])
    threads.append(
        threading.Thread(
            target=editor, args=(editor_session, content.edited_brief_id, deadline, saves)
        )
    )
    if fault := FAULTS[args.fault]:
        threads.append(
            threading.Thread(target=inject_fault, args=(fault, args.duration / 3, rig, fault_log))
        )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, saves, fault_log, started, time.monotonic()


def print_report(args, workers, report, final_dek, errors):
    results, saves, fault_log, started, ended = report
    elapsed = ended - started
    total = sum(results.statuses.values())
    server_errors = sum(n for status, n in results.statuses.items() if status >= 500)
    kept = [status for _, status in saves if status == 302]
    print(
        f"readers={args.readers} duration={elapsed:.1f}s gunicorn_workers={workers} "
        f"fault={args.fault}"
    )
    for line in fault_log.lines:
        print(f"  fault: {line}")
    print(f"requests={total} throughput={total / elapsed:.1f} req/s")
    if latencies := results.latencies:
        print(
            "latency ms: p50={:.0f} p95={:.0f} p99={:.0f} max={:.0f} mean={:.0f}".format(
                *(1000 * percentile(latencies, f) for f in (0.5, 0.95, 0.99)),
                1000 * max(latencies),
                1000 * statistics.fmean(latencies),
            )
        )
    if fault_log.started is not None:
        fault_ended = fault_log.ended or ended
        worst, worst_outside, count = results.worst(fault_log.started, fault_ended)
        print(
            f"during the fault ({fault_log.started - started:.0f}-{fault_ended - started:.0f} s):"
            f" {count} requests, worst {1000 * worst:.0f} ms"
            f" (worst outside it {1000 * worst_outside:.0f} ms)"
        )
    print(f"statuses: {dict(sorted(results.statuses.items()))}")
    print(f"5xx: {server_errors}")
    if results.errors:
        print(f"connection errors: {dict(results.errors)}")
    for error, count in Counter(errors).most_common(5):
        print(f"logged by the app servers ({count}x): {error}")
    print(
        f"editor saves: {len(kept)} of {len(saves)} answered 302; "
        f"statuses {dict(Counter(str(status) for _, status in saves))}"
    )
    last_kept = next((dek for dek, status in reversed(saves) if status == 302), None)
    save_kept = last_kept is None or final_dek == last_kept
    print(f"last save kept in the database: {save_kept}")
    for failure in fault_log.failures:
        print(f"fault check failed: {failure}")
    expected_5xx = args.fault == "database-restart"
    failed = (server_errors and not expected_5xx) or not save_kept or not kept or fault_log.failures
    if args.fault == "none":
        failed = failed or len(kept) != len(saves)
    print("RESULT:", "FAIL" if failed else "PASS")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
