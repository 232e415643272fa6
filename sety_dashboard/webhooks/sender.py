"""One HTTP attempt: sign, POST, and say what happened (never raises).

2xx within the deadline (default 10 s, for the whole exchange) is success.
Redirects are not followed (a 3xx is a failure naming where it pointed), and
only the first bytes of a response body are kept for the delivery log.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from collections.abc import Collection
from urllib.parse import urlsplit, urlunsplit

import httpx

from sety_dashboard import __version__
from sety_dashboard.core import clock
from sety_dashboard.webhooks.delivery_queue import Attempt, Outcome
from sety_dashboard.webhooks.signing import body_bytes, signature_header
from sety_dashboard.webhooks.urlguard import IPAddress, UnsafeUrl, resolve_for_send

log = logging.getLogger(__name__)

BODY_KEEP = 1000  # characters of a response body kept in the delivery log
_BODY_READ = 64 * 1024  # bytes read at most from a response body
USER_AGENT = f"Sety-Webhooks/{__version__}"


def new_client(max_connections: int) -> httpx.AsyncClient:
    """HTTP/1.1 keep-alive connections reused between attempts; as many may
    stay idle as may be busy."""
    # trust_env off: a proxy from the environment would bypass the address checks.
    return httpx.AsyncClient(follow_redirects=False, trust_env=False,
                             limits=httpx.Limits(max_connections=max_connections,
                                                 max_keepalive_connections=max_connections),
                             headers={"User-Agent": USER_AGENT})


class EndpointClients:
    """One small client per endpoint instead of one large one per worker.

    httpcore's pool walks all its waiting requests and connections on every
    request, so one client carrying 64 concurrent attempts cost ~4 ms of CPU
    per attempt here, and one per endpoint (at most `per_endpoint` attempts
    each) ~1 ms (docs/PERFORMANCE.md, "Webhooks"). At most `keep` clients
    are kept: beyond that, those of endpoints with nothing in flight close.
    """

    def __init__(self, per_endpoint: int, keep: int = 64) -> None:
        self.per_endpoint = per_endpoint
        self.keep = keep
        self._clients: dict[str, httpx.AsyncClient] = {}

    def for_endpoint(self, endpoint_id: str) -> httpx.AsyncClient:
        client = self._clients.get(endpoint_id)
        if client is None:
            client = self._clients[endpoint_id] = new_client(self.per_endpoint)
        return client

    async def trim(self, busy: Collection[str]) -> None:
        """Close the clients of idle endpoints while more than `keep` are open."""
        for endpoint_id in [e for e in self._clients if e not in busy]:
            if len(self._clients) <= self.keep:
                break
            await self._clients.pop(endpoint_id).aclose()

    async def aclose(self) -> None:
        for client in self._clients.values():
            await client.aclose()
        self._clients.clear()


def _pinned(url: str, ip: IPAddress | None) -> tuple[str, dict[str, str], dict[str, str]]:
    """Point the request at the checked address, keeping Host and TLS name."""
    if ip is None:
        return url, {}, {}
    parts = urlsplit(url)
    host = parts.hostname or ""
    if _as_ip(host) == ip:
        return url, {}, {}
    literal = f"[{ip}]" if ip.version == 6 else str(ip)
    netloc = literal + (f":{parts.port}" if parts.port else "")
    headers = {"Host": parts.netloc}
    extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
    return urlunsplit(parts._replace(netloc=netloc)), headers, extensions


def _as_ip(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


async def _read_some(response: httpx.Response) -> str:
    data = b""
    async for chunk in response.aiter_bytes():
        data += chunk
        if len(data) >= _BODY_READ:
            break
    return data.decode("utf-8", errors="replace")[:BODY_KEEP]


async def send(client: httpx.AsyncClient, attempt: Attempt, timeout_s: float) -> Outcome:
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
            url, extra_headers, extensions = _pinned(attempt.url, ip)
            request = client.build_request("POST", url, content=body,
                                           headers={**headers, **extra_headers},
                                           extensions=extensions, timeout=timeout_s)
            response = await client.send(request, stream=True)
            try:
                text = await _read_some(response)
            finally:
                await response.aclose()
    except TimeoutError:
        return Outcome(False, error=f"timed out after {timeout_s:g} s")
    except UnsafeUrl as exc:
        return Outcome(False, error=str(exc))
    except OSError as exc:
        return Outcome(False, error=f"could not resolve or reach the host: {exc}")
    except httpx.HTTPError as exc:
        return Outcome(False, error=f"{type(exc).__name__}: {exc}"[:1000])
    except Exception as exc:  # a bug here must not stop the worker
        log.exception("webhook attempt %s failed unexpectedly", attempt.delivery_id)
        return Outcome(False, error=f"internal error: {type(exc).__name__}")
    status = response.status_code
    if 200 <= status < 300:
        return Outcome(True, response_status=status, response_body=text)
    if 300 <= status < 400:
        where = response.headers.get("location", "?")
        return Outcome(False, status, text, f"HTTP {status}: redirect to {where} not followed"[:1000])
    return Outcome(False, status, text, f"HTTP {status}")
