"""Start gunicorn app servers, and throwaway redis-servers, on loopback ports."""

import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from loadtest.client import fetch

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def database_url(settings_dict):
    """A DATABASE_URL for the PostgreSQL database Django's ``settings_dict`` describes."""
    user = quote(settings_dict["USER"] or "")
    password = f":{quote(settings_dict['PASSWORD'])}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or "5432"
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


def collect_static(env, static_root):
    """Run collectstatic into ``static_root``; production's manifest storage needs it."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=ROOT,
        env={**env, "STATIC_ROOT": str(static_root)},
        check=True,
        capture_output=True,
    )


def redis_server(port, workdir, *options):
    """A redis-server of its own on 127.0.0.1:``port``, keeping nothing on disk, once it
    answers; ``options`` are more of its command-line settings. The caller stops it."""
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no", "--dir", str(workdir), *options],
        stdout=subprocess.DEVNULL,
    )
    ping = ["redis-cli", "-p", str(port), "ping"]
    for _ in range(50):
        if subprocess.run(ping, capture_output=True, check=False).stdout.strip() == b"PONG":
            return process
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("redis-server did not start")


@contextmanager
def app_server(port, env, log_path, workers=1, threads=4, ready_within=30):
    """A gunicorn process serving the project on 127.0.0.1:``port`` until the block ends."""
    base_url = f"http://127.0.0.1:{port}"
    server_env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_THREADS": str(threads),
    }
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [BIN / "gunicorn", "-c", "config/gunicorn.py"],
            cwd=ROOT,
            env=server_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_up(base_url, process, ready_within, log_path)
            yield base_url
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(base_url, process, seconds, log_path):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited early; see {log_path}")
        try:
            if fetch(base_url, "/healthz", timeout=2).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {seconds} s; see {log_path}")
