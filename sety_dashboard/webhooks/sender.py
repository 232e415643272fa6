"""One HTTP attempt: sign, POST, and say what happened (never raises).

2xx within the deadline (default 10 s, for the whole exchange) is success.
Redirects are not followed (a 3xx is a failure naming where it pointed), and
only the first bytes of a response body are kept for the delivery log.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from urllib.parse import urlsplit

from sety_dashboard import __version__
from sety_dashboard.core import clock
from sety_dashboard.webhooks.delivery_queue import Attempt, Outcome
from sety_dashboard.webhooks.http1 import Pool, ProtocolError
from sety_dashboard.webhooks.signing import body_bytes, signature_header
from sety_dashboard.webhooks.urlguard import IPAddress, UnsafeUrl, resolve_for_send

log = logging.getLogger(__name__)

BODY_KEEP = 1000  # characters of a response body kept in the delivery log
_BODY_READ = 64 * 1024  # bytes read at most from a response body
USER_AGENT = f"Sety-Webhooks/{__version__}"


def new_client(max_idle: int) -> Pool:
    """Keep-alive connections for attempts (webhooks/http1.py), no proxy ever.

    `max_idle` per address: the worker's concurrency, since several endpoints
    may share one receiver's address and port.
    """
    return Pool(max_idle, USER_AGENT)


def _connect_to(url: str, ip: IPAddress | None) -> str | None:
    """The checked address to dial (None: the URL's host); Host and TLS name stay the URL's."""
    if ip is None or _as_ip(urlsplit(url).hostname or "") == ip:
        return None
    return str(ip)


def _as_ip(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


async def send(client: Pool, attempt: Attempt, timeout_s: float) -> Outcome:
    body = body_bytes(attempt.envelope)
    timestamp = int(clock.now().timestamp())
    headers = {"Content-Type": "application/json",
               "Sety-Event-Id": attempt.envelope["id"],
               "Sety-Event-Type": attempt.envelope["type"],
               "Sety-Delivery-Id": attempt.delivery_id,
               "Sety-Attempt": str(attempt.number),
               "Sety-Signature": signature_header(attempt.secret, timestamp, body)}
    try:
        async with asyncio.timeout(timeout_s):
            ip = await resolve_for_send(attempt.url)
            response = await client.post(attempt.url, body, headers,
                                         connect_to=_connect_to(attempt.url, ip), limit=_BODY_READ)
        text = response.body.decode("utf-8", errors="replace")[:BODY_KEEP]
    except TimeoutError:
        return Outcome(False, error=f"timed out after {timeout_s:g} s")
    except UnsafeUrl as exc:
        return Outcome(False, error=str(exc))
    except OSError as exc:
        return Outcome(False, error=f"could not resolve or reach the host: {exc}")
    except (ProtocolError, asyncio.IncompleteReadError) as exc:
        return Outcome(False, error=f"{type(exc).__name__}: {exc}"[:1000])
    except Exception as exc:  # a bug here must not stop the worker
        log.exception("webhook attempt %s failed unexpectedly", attempt.delivery_id)
        return Outcome(False, error=f"internal error: {type(exc).__name__}")
    status = response.status
    if 200 <= status < 300:
        return Outcome(True, response_status=status, response_body=text)
    if 300 <= status < 400:
        where = response.headers.get("location", "?")
        return Outcome(False, status, text, f"HTTP {status}: redirect to {where} not followed"[:1000])
    return Outcome(False, status, text, f"HTTP {status}")
