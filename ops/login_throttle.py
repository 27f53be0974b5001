"""Admin login throttling: short, growing waits after a few failures, then a lockout.

django-axes records every failed login per address and user name. This handler reads those
records to decide how long the next attempt must wait:

- per address and user name: the first LOGIN_SLOW_AFTER failures are free (an editor may
  mistype that often and try again at once), then each further failure doubles a wait that
  starts at LOGIN_SLOW_SECONDS, and AXES_FAILURE_LIMIT failures lock the pair out for
  AXES_COOLOFF_TIME;
- per user name, from any address: the first ACCOUNT_SLOW_AFTER failures are free, then the
  account slows down the same way, but never by more than ACCOUNT_MAX_WAIT_SECONDS, so
  failures from elsewhere cannot keep an editor out for long.

A wait is a refusal (status 429) that is counted nowhere, never a sleep, so no worker is held.
"""

import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import Max, Sum
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

log = logging.getLogger(__name__)

NO_WAIT = timedelta(0)


@dataclass(frozen=True)
class Failures:
    count: int
    last: datetime | None

    def wait_left(self, wait, now):
        if not self.last or not wait:
            return NO_WAIT
        return max(self.last + wait - now, NO_WAIT)


def recent_failures(request, **filters):
    attempts = AccessAttempt.objects.filter(
        attempt_time__gte=get_cool_off_threshold(request), **filters
    )
    totals = attempts.aggregate(count=Sum("failures_since_start"), last=Max("attempt_time"))
    return Failures(totals["count"] or 0, totals["last"])


def doubling_wait(count, free):
    """No wait for the first ``free`` failures; from the next one, a wait doubling each time."""
    if count <= free:
        return NO_WAIT
    return timedelta(seconds=settings.LOGIN_SLOW_SECONDS * 2 ** min(count - free - 1, 16))


def pair_wait(count):
    if count >= settings.AXES_FAILURE_LIMIT:
        return get_cool_off()
    return doubling_wait(count, free=settings.LOGIN_SLOW_AFTER)


def account_wait(count):
    cap = timedelta(seconds=settings.ACCOUNT_MAX_WAIT_SECONDS)
    return min(doubling_wait(count, free=settings.ACCOUNT_SLOW_AFTER), cap)


@dataclass(frozen=True)
class Verdict:
    by_pair: Failures
    by_account: Failures
    wait: timedelta


def judge(request, credentials=None):
    """How long this address, and anyone trying this user name, must wait before trying again."""
    username = get_client_username(request, credentials)
    address = request.axes_ip_address
    by_pair = recent_failures(request, username=username, ip_address=address)
    by_account = recent_failures(request, username=username)
    now = request.axes_attempt_time or timezone.now()
    wait = max(
        by_pair.wait_left(pair_wait(by_pair.count), now),
        by_account.wait_left(account_wait(by_account.count), now),
    )
    return Verdict(by_pair, by_account, wait)


class ThrottlingHandler(AxesDatabaseHandler):
    def is_locked(self, request, credentials=None):
        return judge(request, credentials).wait > NO_WAIT

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        """Record the failure; if it starts a wait short of a lockout, log it and say so at once."""
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or request.axes_locked_out:
            return
        verdict = judge(request, credentials)
        if verdict.wait > NO_WAIT:
            request.axes_locked_out = True
            log.warning(
                "Slowing down logins for user name %r from %s: %d s wait",
                get_client_username(request, credentials),
                request.axes_ip_address,
                math.ceil(verdict.wait.total_seconds()),
                extra={
                    "failures_from_address": verdict.by_pair.count,
                    "failures_for_account": verdict.by_account.count,
                },
            )


def roughly(wait):
    seconds = max(math.ceil(wait.total_seconds()), 1)
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def wait_page(request, original_response=None, credentials=None):
    """The admin-styled 429 page; the same for every user name, existing or not."""
    wait = judge(request, credentials).wait
    context = {
        **admin.site.each_context(request),
        "title": "Please wait before trying again",
        "wait": roughly(wait),
        "login_url": reverse("admin:login"),
    }
    response = render(request, "admin/login_wait.html", context, status=429)
    response["Retry-After"] = str(max(math.ceil(wait.total_seconds()), 1))
    return response
