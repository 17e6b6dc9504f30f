"""Rate limits shared by every process and web node: one counter row per client and window.

`throttle_hit(scope, client, limit=..., period=...)` counts one call in the current fixed window with a
single atomic statement (`INSERT ... ON CONFLICT DO UPDATE SET count = count + 1 RETURNING count`, on
SQLite and PostgreSQL alike) and raises `RateLimited` (HTTP 429, with the seconds until the window ends)
once the client went over the limit. The database is the one service every node shares
(docs/adr/0010-rate-limits-and-partner-api.md); old windows are deleted by `retention_purge`.

A client the database found over its limit is also remembered in this process until its window ends
("blocked until"): its next calls are refused by `throttle_check` / `throttle_hit` before any database
work, so a flood of refused calls costs almost nothing. The memory only ever repeats what the shared
counter said (a counter never goes down within its window), so every node still applies one limit."""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from relais.core.errors import DomainError
from relais.policy.models import RateCounter


class RateLimited(DomainError):
    """Too many calls from one client: `retry_after` seconds until the next window."""

    status = 429
    default_message = "Trop de demandes en peu de temps."

    def __init__(self, message: str | None = None, *, retry_after: int = 60) -> None:
        super().__init__(message)
        self.retry_after = max(1, int(retry_after))


def parse_rate(rate: str) -> tuple[int, int]:
    """ "30/60" → (30 calls, per 60 seconds)."""
    calls, _sep, seconds = str(rate).partition("/")
    return int(calls), int(seconds or 60)


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the address the trusted reverse proxies saw
    (RELAIS_TRUSTED_PROXIES proxies in front: the n-th address from the right of X-Forwarded-For)."""
    proxies = int(getattr(settings, "RELAIS_TRUSTED_PROXIES", 0) or 0)
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def request_clients(request) -> list[str]:
    """The identities a limit counts for a request: its IP address, and the user when logged in."""
    clients = [f"ip:{client_ip(request)}"]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        clients.append(f"user:{user.pk}")
    return clients


# "scope:client|limit/period" -> the end of the window in which the database found it over the limit.
_blocked: dict[str, float] = {}
_blocked_lock = threading.Lock()
BLOCKED_MEMORY = 10_000  # entries at most; ended windows are dropped first


def _blocked_key(scope: str, client: str, limit: int, period: int) -> str:
    return f"{scope}:{client}|{limit}/{period}"


def _remember_blocked(key: str, until: float, now: float) -> None:
    with _blocked_lock:
        if len(_blocked) >= BLOCKED_MEMORY:
            for old in [k for k, end in _blocked.items() if end <= now]:
                del _blocked[old]
            if len(_blocked) >= BLOCKED_MEMORY:
                _blocked.clear()  # only a shortcut: the database still counts every client
        _blocked[key] = until


def _blocked_until(scope: str, clients: list[str], limit: int, period: int, now: float) -> float | None:
    ends = [_blocked.get(_blocked_key(scope, client, limit, period), 0.0) for client in clients]
    end = max(ends, default=0.0)
    return end if end > now else None


def throttle_forget() -> None:
    """Empty this process's memory of blocked clients (tests)."""
    with _blocked_lock:
        _blocked.clear()


def _refusal(window_end: float, now: float, message: str | None) -> RateLimited:
    retry_after = max(1, int(window_end - now + 0.999))
    return RateLimited(
        message
        or _("Trop de demandes en peu de temps. Attendez %(seconds)s secondes puis réessayez.")
        % {"seconds": retry_after},
        retry_after=retry_after,
    )


_UPSERT = (
    "INSERT INTO {t} ({key}, {start}, {end}, {count}) VALUES (%s, %s, %s, 1) "
    "ON CONFLICT ({key}, {start}) DO UPDATE SET {count} = {t}.{count} + 1 RETURNING {count}"
)


def _count(key: str, window_start: int, window_end: int) -> int:
    quote = connection.ops.quote_name
    sql = _UPSERT.format(
        t=quote(RateCounter._meta.db_table),
        key=quote("key"),
        start=quote("window_start"),
        end=quote("window_end"),
        count=quote("count"),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key[:200], window_start, window_end])
        return cursor.fetchone()[0]


def throttle_check(
    scope: str, clients: list[str], *, rate: str, message: str | None = None, now: float | None = None
) -> None:
    """Raise RateLimited, without touching the database, when this process already knows that one of
    the clients is over `rate` in the current window. Call it before any costly work; it counts nothing."""
    limit, period = parse_rate(rate)
    now = time.time() if now is None else now
    until = _blocked_until(scope, clients, limit, period, now)
    if until is not None:
        raise _refusal(until, now, message)


def throttle_hit(scope: str, clients: list[str], *, rate: str, message: str | None = None, now: float | None = None):
    """Count one call of `scope` for each client; raise RateLimited when one of them is over `rate`."""
    limit, period = parse_rate(rate)
    now = time.time() if now is None else now
    until = _blocked_until(scope, clients, limit, period, now)
    if until is not None:
        raise _refusal(until, now, message)
    window_start = int(now // period) * period
    window_end = window_start + period
    over = False
    for client in clients:
        if _count(f"{scope}:{client}", window_start, window_end) > limit:
            _remember_blocked(_blocked_key(scope, client, limit, period), window_end, now)
            over = True
    if over:
        raise _refusal(window_end, now, message)


def throttle_purge(*, now: float | None = None) -> int:
    """Delete the windows that are over (run by `retention_purge`)."""
    now = time.time() if now is None else now
    deleted, _rows = RateCounter.objects.filter(window_end__lt=int(now)).delete()
    return deleted
