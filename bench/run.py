"""`make bench`: public pages under gunicorn, as ratios to /healthz, with and without cache.

For each cache mode the script starts gunicorn (2 workers) on the benchmark database,
logs a bench editor in, checks every page answers 200, warms each under load for a
second (so every worker has filled its own local-memory cache, as a running server has),
then lets ``bench/load.py`` (a second process) measure each page for a few seconds,
each followed by /healthz, for several rounds. A page's ratio is its throughput over
that of the /healthz segments measured next to it, so a busy machine shifts both.
Results go to the terminal and to ``bench/results/<time>.json``. Settings come from
BENCH_* environment variables (see docs/performance.md).
"""

import http.client
import json
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
PORT = int(os.environ.get("BENCH_PORT", "8180"))
BRIEFS = int(os.environ.get("BENCH_BRIEFS", "100000"))
SEED = int(os.environ.get("BENCH_SEED", "1"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "3"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "4"))
WARM_UP_SECONDS = 1
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/briefs_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
RESULTS = ROOT / "bench" / "results"

MODES = {
    "uncached": {"PAGE_CACHE_SECONDS": "0"},
    "cached": {"PAGE_CACHE_SECONDS": "300", "REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": "bench"},
}
# Every page must answer 200 on the generated archive, or the run stops.
STATIC_PAGES = {
    "home": "/",
    "archive page 1": "/briefs/",
    "archive page 2000": "/briefs/?page=2000",
    "search common word": "/search/?q=energy",
    "search rare word": "/search/?q=ophiolite",
    "site feed": "/feed/",
    "sitemap": "/sitemap.xml",
    "api list": "/api/v1/briefs/",
    "api search": "/api/v1/briefs/?q=energy",
    "api countries": "/api/v1/countries/",
}
TARGET_UNCACHED = 0.15
TARGET_CACHED = 0.6
TARGET_ADMIN_MS = 300
TARGET_RSS_MB = 150
TARGET_SEARCH_P95_MS = 50
# The first reader of a page after a change readers can see (a "cold" page).
TARGET_COLD_MS = 100
COLD_TRIES = int(os.environ.get("BENCH_COLD_TRIES", "3"))
# Each app server reads the public generation this often (GENERATION_CHECK_SECONDS).
GENERATION_CHECK_SECONDS = 2
# (page, cheaper page, most it may cost compared with it)
COST_TARGETS = [
    ("archive page 2000", "archive page 1", 1.5),
    ("search common word", "search rare word", 2.0),
    # A cursor deep in the archive starts its index scan there: no OFFSET to pay.
    ("api list deep", "api list", 1.5),
]


def server_environment(mode):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "REDIS_URL", "PGHOST", "CACHE_KEY_PREFIX"}
    }
    environment.update(
        DEBUG="0",
        SECRET_KEY="bench-" + "k" * 50,
        ALLOWED_HOSTS=f"{HOST},localhost",
        DATABASE_URL=DATABASE_URL,
        SITE_URL=f"http://{HOST}:{PORT}",
        SECURE_SSL_REDIRECT="0",
        **MODES[mode],
    )
    return environment


def ensure_database():
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    with psycopg.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            db.execute(f'CREATE DATABASE "{name}"')


def prepare(password):
    print(f"Preparing {DATABASE_URL} ({BRIEFS} briefs; reused when already generated)...")
    output = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "prepare.py"), str(BRIEFS), str(SEED), password],
        env=server_environment("uncached"),
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    return json.loads(output)


def start_server(mode):
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "config.wsgi",
        "--workers=2",
        f"--bind={HOST}:{PORT}",
        "--no-control-socket",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, env=server_environment(mode), cwd=ROOT)
    for _ in range(100):
        try:
            if fetch("/healthz")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz")


def stop_server(server):
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)


def fetch(path, method="GET", body=None, headers=None):
    connection = http.client.HTTPConnection(HOST, PORT, timeout=60)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    content = response.read()
    connection.close()
    return response.status, response.getheaders(), content


def cookies_from(headers):
    return dict(
        re.match(r"([^=]+)=([^;]*)", value).groups()
        for name, value in headers
        if name.lower() == "set-cookie"
    )


def log_in(username, password):
    """An editor's session cookie, obtained through the admin login form."""
    _, headers, page = fetch("/admin/login/")
    csrf = cookies_from(headers)["csrftoken"]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    form = f"csrfmiddlewaretoken={token}&username={username}&password={password}&next=/admin/"
    status, headers, _ = fetch(
        "/admin/login/",
        method="POST",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf}",
        },
    )
    session = cookies_from(headers).get("sessionid")
    if status != 302 or not session:
        raise SystemExit("the bench editor could not log in")
    return f"sessionid={session}"


def pages(prepared, session):
    found = {
        "home": STATIC_PAGES["home"],
        "brief in a series": prepared["brief_in_series"],
        "standalone brief": prepared["standalone_brief"],
        "country page": prepared["country"],
        "theme page": prepared["theme"],
        **{name: path for name, path in STATIC_PAGES.items() if name != "home"},
        "search filtered": prepared["search_filtered"],
        "api brief": prepared["api_brief"],
        "api list filtered": prepared["api_filtered"],
        "api list deep": prepared["api_deep"],
    }
    listed = [{"name": name, "path": path, "cookie": None} for name, path in found.items()]
    # One editor at a time: the median is what an editor waits, not a queue behind others.
    listed.append(
        {
            "name": "admin change list",
            "path": "/admin/briefs/brief/",
            "cookie": session,
            "concurrency": 1,
        }
    )
    return listed


def worker_rss_mb(server):
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return sizes


def measure(mode, prepared, password):
    server = start_server(mode)
    try:
        session = log_in(prepared["editor"], password)
        available = pages(prepared, session)
        failed = []
        for page in available:
            headers = {"Cookie": page["cookie"]} if page["cookie"] else {}
            status = fetch(page["path"], headers=headers)[0]
            if status != 200:
                failed.append(f"{page['name']}: {page['path']} answered {status}")
        if failed:
            raise SystemExit("Every page must answer 200:\n  " + "\n  ".join(failed))
        run_load([{**page, "seconds": WARM_UP_SECONDS} for page in available])
        segments = []
        for _ in range(ROUNDS):
            for page in available:
                segments.append({**page, "seconds": SECONDS})
                segments.append(
                    {"name": "/healthz", "path": "/healthz", "cookie": None, "seconds": SECONDS}
                )
        print(f"Measuring {len(available)} pages, {mode}, {ROUNDS} rounds of {SECONDS:g} s...")
        output = run_load(segments)
        rss = worker_rss_mb(server)
        rows = summarise(output)
        if mode == "cached":
            print(f"Timing the first reader after a change, {COLD_TRIES} times a page...")
            for page in available:
                if page["cookie"] is None:
                    rows[page["name"]]["cold_ms"] = first_reader_ms(page["path"])
    finally:
        stop_server(server)
    return rows, rss


def first_reader_ms(path):
    """Milliseconds the first reader of ``path`` waits after a change readers can see, one
    per try: a public brief is edited in the database (its trigger moves the public
    generation), every worker notices within GENERATION_CHECK_SECONDS, then one request."""
    import psycopg

    timings = []
    with psycopg.connect(DATABASE_URL, autocommit=True) as database:
        for _ in range(COLD_TRIES):
            database.execute(
                "UPDATE briefs_brief SET dek = dek WHERE id = (SELECT id FROM briefs_brief"
                " WHERE status = 'published' AND publish_at <= now()"
                " ORDER BY publish_at DESC, id DESC LIMIT 1)"
            )
            time.sleep(GENERATION_CHECK_SECONDS + 0.5)
            started = time.perf_counter()
            status = fetch(path)[0]
            timings.append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise SystemExit(f"{path} answered {status} after a change")
    return timings


def run_load(segments):
    """Drive ``segments`` through ``bench/load.py`` in its own process; its per-segment results."""
    plan = {"host": HOST, "port": PORT, "concurrency": CONCURRENCY, "segments": segments}
    output = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "load.py")],
        input=json.dumps(plan),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output)


def percentile(latencies, fraction):
    return latencies[min(len(latencies) - 1, int(len(latencies) * fraction))]


def summarise(segments):
    """Per page: req/s, p50, p95, p99, and the ratio to the /healthz segments after it."""
    rows = {}
    by_page = {}
    for page_segment, health_segment in zip(segments[::2], segments[1::2], strict=True):
        by_page.setdefault(page_segment["name"], []).append((page_segment, health_segment))
    for name, pairs in by_page.items():
        latencies = sorted(ms for segment, _ in pairs for ms in segment["latencies_ms"])
        requests = sum(segment["requests"] for segment, _ in pairs)
        seconds = sum(segment["seconds"] for segment, _ in pairs)
        health = sum(h["requests"] for _, h in pairs) / sum(h["seconds"] for _, h in pairs)
        errors = sum(
            n for segment, _ in pairs for code, n in segment["statuses"].items() if code != "200"
        )
        rows[name] = {
            "path": pairs[0][0]["path"],
            "requests": requests,
            "errors": errors,
            "rps": requests / seconds,
            "p50_ms": statistics.median(latencies),
            "p95_ms": percentile(latencies, 0.95),
            "p99_ms": percentile(latencies, 0.99),
            "healthz_rps": health,
            "ratio": (requests / seconds) / health,
        }
    return rows


def print_table(results):
    print(f"\n{'page':<22}{'mode':<10}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'ratio':>8}  target")
    for mode, (rows, _) in results.items():
        target = TARGET_CACHED if mode == "cached" else TARGET_UNCACHED
        for name, row in rows.items():
            if name == "admin change list":
                verdict = "ok" if row["p50_ms"] < TARGET_ADMIN_MS else "MISSED"
                goal = f"p50 < {TARGET_ADMIN_MS} ms: {verdict}"
            else:
                goal = f">= {target}: {'ok' if row['ratio'] >= target else 'MISSED'}"
            print(
                f"{name:<22}{mode:<10}{row['rps']:>8.1f}{row['p50_ms']:>9.1f}"
                f"{row['p99_ms']:>9.1f}{row['ratio']:>8.2f}  {goal}"
            )
        print(f"{'/healthz':<22}{mode:<10}{_healthz(rows):>8.1f}")
    for mode, (rows, _) in results.items():
        cold = {name: row["cold_ms"] for name, row in rows.items() if "cold_ms" in row}
        if not cold:
            continue
        print(
            f"\nFirst reader after a change ({mode}; ms, {COLD_TRIES} tries, target <= "
            f"{TARGET_COLD_MS} ms for the slowest)"
        )
        for name, timings in cold.items():
            verdict = "ok" if max(timings) <= TARGET_COLD_MS else "MISSED"
            tries = ", ".join(f"{ms:.0f}" for ms in timings)
            print(f"{name:<22}{statistics.median(timings):>8.1f}  ({tries})  {verdict}")
    for mode, (rows, _) in results.items():
        for costly, cheap, limit in COST_TARGETS:
            cost = rows[cheap]["rps"] / rows[costly]["rps"]
            verdict = "ok" if cost <= limit else "MISSED"
            print(f"{costly} costs {cost:.2f}x {cheap} ({mode}; target <= {limit}: {verdict})")
        p95 = max(row["p95_ms"] for name, row in rows.items() if name.startswith("search"))
        verdict = "ok" if p95 < TARGET_SEARCH_P95_MS else "MISSED"
        print(f"search p95 {p95:.1f} ms ({mode}; target < {TARGET_SEARCH_P95_MS}: {verdict})")
    for mode, (_, rss) in results.items():
        verdict = "ok" if max(rss) < TARGET_RSS_MB else "MISSED"
        sizes = ", ".join(f"{mb:.0f}" for mb in rss)
        print(f"worker RSS after the {mode} run: {sizes} MB (target < {TARGET_RSS_MB}: {verdict})")


def _healthz(rows):
    return statistics.mean(row["healthz_rps"] for row in rows.values())


def main():
    password = secrets.token_urlsafe(16)
    ensure_database()
    prepared = prepare(password)
    results = {}
    for mode in MODES:
        if mode == "cached":
            import redis

            redis.Redis.from_url(REDIS_URL).flushdb()
        results[mode] = measure(mode, prepared, password)
    print_table(results)
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    report = {
        "when": stamp,
        "briefs": BRIEFS,
        "public_briefs": prepared["public_briefs"],
        "seconds_per_segment": SECONDS,
        "rounds": ROUNDS,
        "concurrency": CONCURRENCY,
        "modes": {
            mode: {"pages": rows, "worker_rss_mb": rss} for mode, (rows, rss) in results.items()
        },
    }
    path = RESULTS / f"{stamp}.json"
    path.write_text(json.dumps(report, indent=2))
    print(f"\nResults written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
