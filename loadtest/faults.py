"""The faults `make loadtest` injects a third of the way in, and what each one checks.

- ``redis-down``: redis-server is stopped for good.
- ``redis-hang``: Redis accepts connections and answers nothing for REDIS_OUTAGE_SECONDS,
  then answers again (the app reaches it through a relay that can hang).
- ``database-restart``: the database connection is cut for DATABASE_CUT_SECONDS.
- ``unpublish-during-outage``: Redis is cut (connections refused); an editor unpublishes,
  through the admin, the newest brief, which readers were being served from the cache;
  Redis comes back. Once GENERATION_CHECK_SECONDS have passed, no public surface may show
  the brief, on any worker. The brief is published again when the run ends.

A fault notes what happened in a ``FaultLog``, with the window readers' latencies are
judged in and any failed check.
"""

import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from subprocess import Popen

from django.conf import settings
from django.core.cache import cache

from loadtest.client import AdminSession
from loadtest.relay import TcpRelay
from loadtest.surfaces import fetch_all, kept_in, showing, shows

DATABASE_CUT_SECONDS = 5
REDIS_OUTAGE_SECONDS = 10
# Readers meet the outage after the unpublish too, however long the save took.
OUTAGE_AFTER_UNPUBLISH_SECONDS = 3
# The stale check asks again until every worker answered every surface, this often at most.
CHECK_ROUNDS = 8
# gunicorn's access log, as the load test asks for it: "<worker pid> <request id>".
ACCESS_LOG_FORMAT = "%(p)s %({x-request-id}o)s"
ACCESS_LOG_LINE = re.compile(r"^<(\d+)> (\S+)")


@dataclass
class Victim:
    """The brief the unpublish fault takes down, and every address that shows it."""

    id: int
    path: str
    surfaces: list[str]


@dataclass
class Rig:
    """What the faults act on: the app server and the relays in front of its services."""

    base_url: str
    workers: int
    threads: int
    redis: Popen
    database_relay: TcpRelay
    redis_relay: TcpRelay
    access_log: Path
    desk: AdminSession  # an editor's second session, for the unpublish
    victim: Victim | None


@dataclass
class FaultLog:
    lines: list[str] = field(default_factory=list)
    started: float | None = None
    ended: float | None = None
    failures: list[str] = field(default_factory=list)

    def note(self, text):
        self.lines.append(f"{time.strftime('%X')} {text}")

    def begin(self, text):
        self.started = time.monotonic()
        self.note(text)

    def end(self, text):
        self.ended = time.monotonic()
        self.note(text)

    def check(self, passed, failure):
        if not passed:
            self.failures.append(failure)


def stop_redis(rig, log):
    rig.redis.terminate()
    log.begin("redis-server stopped")


def restart_database(rig, log):
    rig.database_relay.stop()
    log.begin("database connection cut")
    time.sleep(DATABASE_CUT_SECONDS)
    rig.database_relay.start()
    log.end("database connection restored")


def hang_redis(rig, log):
    rig.redis_relay.hang()
    log.begin("Redis hung: connections accepted, nothing answered")
    time.sleep(REDIS_OUTAGE_SECONDS)
    rig.redis_relay.resume()
    log.end("Redis answering again")


def unpublish_during_outage(rig, log):
    victim = rig.victim
    shown = showing([rig.base_url], victim.surfaces, victim.path)
    kept = kept_in(cache, rig.base_url, victim.path)
    log.note(
        f"{victim.path} shown on {len(shown)} of {len(victim.surfaces)} surfaces; "
        f"its page kept in Redis: {'yes' if kept else 'no'}"
    )
    log.check(
        len(shown) == len(victim.surfaces) and kept,
        "the brief was not being served on every surface from the cache before the fault",
    )
    rig.redis_relay.stop()
    log.begin("Redis cut: connections refused")
    time.sleep(1)
    status = rig.desk.change_brief(victim.id, status="draft").status
    log.note(f"editor unpublished {victim.path}: {status}")
    log.check(status == 302, f"the unpublish answered {status}, not 302")
    outage_left = log.started + REDIS_OUTAGE_SECONDS - time.monotonic()
    time.sleep(max(OUTAGE_AFTER_UNPUBLISH_SECONDS, outage_left))
    rig.redis_relay.start()
    log.end("Redis answering again")

    time.sleep(settings.GENERATION_CHECK_SECONDS)
    stale, answers, server_errors, workers_seen = check_surfaces(rig, victim)
    log.note(
        f"{settings.GENERATION_CHECK_SECONDS:g} s later: stale public pages {len(stale)} of "
        f"{answers} answers ({len(victim.surfaces)} surfaces, each answered by "
        f"{workers_seen} of {rig.workers} workers at least); 5xx {server_errors}"
    )
    log.check(not stale, f"stale public pages after recovery: {stale[:5]}")
    log.check(not server_errors, f"{server_errors} answers of the stale check were 5xx")
    log.check(workers_seen >= rig.workers, "some worker never answered some surface")


FAULTS = {
    "none": None,
    "redis-down": stop_redis,
    "redis-hang": hang_redis,
    "database-restart": restart_database,
    "unpublish-during-outage": unpublish_during_outage,
}


def check_surfaces(rig, victim):
    """Ask every worker for every surface until each has answered each (or CHECK_ROUNDS
    passed); (stale answers, answers, 5xx answers, fewest workers that answered a surface).

    Requests carry their own X-Request-ID; the access log says which worker answered.
    """
    workers_by_path = defaultdict(set)
    stale, answers, server_errors = [], 0, 0
    for round_number in range(CHECK_ROUNDS):
        requests = [
            (rig.base_url, path, {"X-Request-ID": f"stale-check-{round_number}-{number}"})
            for number, path in enumerate(victim.surfaces * rig.workers * 2)
        ]
        replies = fetch_all(requests, concurrency=rig.workers * rig.threads)
        answers += len(replies)
        stale += [
            (path, reply.status)
            for (_, path, _), reply in zip(requests, replies, strict=True)
            if shows(reply, victim.path)
        ]
        server_errors += sum(reply.status >= 500 for reply in replies)
        time.sleep(0.2)  # the access log line is written just after the answer
        answered_by = workers_by_request_id(rig.access_log)
        for _, path, headers in requests:
            if worker := answered_by.get(headers["X-Request-ID"]):
                workers_by_path[path].add(worker)
        workers_seen = min(len(workers_by_path[path]) for path in victim.surfaces)
        if workers_seen >= rig.workers:
            break
    return stale, answers, server_errors, workers_seen


def workers_by_request_id(access_log):
    with open(access_log) as lines:
        return {match[2]: match[1] for line in lines if (match := ACCESS_LOG_LINE.match(line))}
