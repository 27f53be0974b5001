"""Load test: many readers and one editor against gunicorn on this machine, with faults.

    python -m loadtest.run [--readers 64] [--duration 60] [--fault none|redis-down|database-restart]

It starts its own gunicorn and a throwaway redis-server on loopback ports, fills a
PostgreSQL database (DATABASE_URL, created if missing) with the demo content, then runs
the readers while an editor saves a brief through the admin every second. It prints
throughput, latency percentiles and every status code, and exits non-zero on an
unexpected 5xx or a lost save. Traffic never leaves 127.0.0.1, and every loop is bounded.
"""

import argparse
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
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

from loadtest.client import AdminSession, fetch, require_loopback
from loadtest.relay import TcpRelay
from loadtest.server import ROOT, app_server, collect_static, database_url

APP_PORT, REDIS_PORT, RELAY_PORT = 8195, 8196, 8197
MAX_DURATION, MAX_READERS = 600, 256
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
    parser.add_argument(
        "--fault", choices=["none", "redis-down", "database-restart"], default="none"
    )
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


def start_redis(workdir):
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(REDIS_PORT),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(50):
        if (
            subprocess.run(
                ["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True, check=False
            ).stdout.strip()
            == b"PONG"
        ):
            return process
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("redis-server did not start")


def prepare_content(env):
    """Migrate, load the demo briefs, and sign in an editor; (session cookie, brief id)."""
    for command in (["migrate", "--no-input"], ["load_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from briefs.models import Brief

    editor, _ = get_user_model().objects.get_or_create(
        username="loadtest-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(editor)
    brief = Brief.objects.published().order_by("id").first()
    paths = [b.get_absolute_url() for b in Brief.objects.published()[:20]]
    return client.cookies[settings.SESSION_COOKIE_NAME].value, brief.pk, paths


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = []
        self.statuses = Counter()
        self.errors = Counter()

    def record(self, status, seconds):
        with self.lock:
            self.statuses[status] += 1
            self.latencies.append(seconds)


def reader(base_url, paths, deadline, results):
    index = secrets.randbelow(len(paths))
    while time.monotonic() < deadline:
        path = paths[index % len(paths)]
        index += 1
        started = time.perf_counter()
        try:
            status = fetch(base_url, path, timeout=15).status
        except OSError as error:
            results.errors[type(error).__name__] += 1
            continue
        results.record(status, time.perf_counter() - started)


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


def inject_fault(fault, duration, redis, relay, log):
    """Halfway in: stop Redis for good, or cut the database for five seconds."""
    time.sleep(duration / 3)
    if fault == "redis-down":
        redis.terminate()
        log.append(f"{time.strftime('%X')} redis-server stopped")
    elif fault == "database-restart":
        relay.stop()
        log.append(f"{time.strftime('%X')} database connection cut")
        time.sleep(5)
        relay.start()
        log.append(f"{time.strftime('%X')} database connection restored")


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
    relay = TcpRelay(RELAY_PORT, (parts.hostname, parts.port or 5432))
    relay.start()
    workdir = Path(tempfile.mkdtemp(prefix="loadtest-"))
    redis = start_redis(workdir)
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{APP_PORT}",
        # The app reaches PostgreSQL through the relay, so the fault can cut it.
        "DATABASE_URL": database_url(
            {
                "USER": parts.username or "postgres",
                "PASSWORD": parts.password,
                "HOST": "127.0.0.1",
                "PORT": RELAY_PORT,
                "NAME": parts.path.lstrip("/"),
            }
        ),
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESS_LOG": "",
    }
    try:
        collect_static(env, workdir / "static")
        cookie, brief_id, brief_paths = prepare_content(env)
        workers = args.workers or max(2, (os.cpu_count() or 1) * 2 + 1)
        with app_server(APP_PORT, env, workdir / "gunicorn.log", workers=workers) as base_url:
            report = run_load(
                args, base_url, cookie, brief_id, READER_PATHS + brief_paths, redis, relay
            )
        from django.db import connection

        from briefs.models import Brief

        connection.close()  # the fault may have cut this process's connection too
        final_dek = Brief.objects.get(pk=brief_id).dek
    finally:
        if redis.poll() is None:
            redis.terminate()
        relay.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return print_report(args, workers, report, final_dek)


def run_load(args, base_url, cookie, brief_id, paths, redis, relay):
    results, saves, fault_log = Results(), [], []
    started = time.monotonic()
    deadline = started + args.duration
    threads = [
        threading.Thread(target=reader, args=(base_url, paths, deadline, results))
        for _ in range(args.readers)
    ]
    threads.append(
        threading.Thread(
            target=editor, args=(AdminSession(base_url, cookie), brief_id, deadline, saves)
        )
    )
    if args.fault != "none":
        threads.append(
            threading.Thread(
                target=inject_fault, args=(args.fault, args.duration, redis, relay, fault_log)
            )
        )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, saves, fault_log, time.monotonic() - started


def print_report(args, workers, report, final_dek):
    results, saves, fault_log, elapsed = report
    total = sum(results.statuses.values())
    server_errors = sum(n for status, n in results.statuses.items() if status >= 500)
    kept = [status for _, status in saves if status == 302]
    print(
        f"readers={args.readers} duration={elapsed:.1f}s gunicorn_workers={workers} "
        f"fault={args.fault}"
    )
    for line in fault_log:
        print(f"  fault: {line}")
    print(f"requests={total} throughput={total / elapsed:.1f} req/s")
    if results.latencies:
        print(
            "latency ms: p50={:.0f} p95={:.0f} p99={:.0f} max={:.0f} mean={:.0f}".format(
                *(1000 * percentile(results.latencies, f) for f in (0.5, 0.95, 0.99)),
                1000 * max(results.latencies),
                1000 * statistics.fmean(results.latencies),
            )
        )
    print(f"statuses: {dict(sorted(results.statuses.items()))}")
    if results.errors:
        print(f"connection errors: {dict(results.errors)}")
    print(
        f"editor saves: {len(kept)} of {len(saves)} answered 302; "
        f"statuses {dict(Counter(str(status) for _, status in saves))}"
    )
    last_kept = next((dek for dek, status in reversed(saves) if status == 302), None)
    save_kept = last_kept is None or final_dek == last_kept
    print(f"last save kept in the database: {save_kept}")
    expected_5xx = args.fault == "database-restart"
    failed = (server_errors and not expected_5xx) or not save_kept or not kept
    if args.fault == "none":
        failed = failed or len(kept) != len(saves)
    print("RESULT:", "FAIL" if failed else "PASS")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
