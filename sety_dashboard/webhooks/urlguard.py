"""Where a webhook may point: never, by default, at our own network.

A webhook URL is chosen by whoever holds a `webhooks:manage` key; without
this guard it could make the server POST to its own loopback, the cloud
metadata address or the office LAN (server-side request forgery). So unless
`SETY_WEBHOOK_ALLOW_PRIVATE=1`, every address a host resolves to must be a
public one — checked when the endpoint is saved, and again at every attempt
(DNS answers change), and the attempt then connects to the address that was
checked, not to a fresh lookup.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from sety_dashboard.core.settings import get_settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeUrl(ValueError):
    """The URL is malformed or points somewhere webhooks may not go."""

    def __init__(self, message: str, issue: str) -> None:
        super().__init__(message)
        self.issue = issue


def parse_url(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an acceptable webhook URL, or UnsafeUrl."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UnsafeUrl(f"is not a valid URL: {exc}", "invalid") from exc
    if parts.scheme not in ("http", "https"):
        raise UnsafeUrl("must start with https:// (or http://)", "invalid_scheme")
    if not parts.hostname:
        raise UnsafeUrl("must name a host", "invalid")
    try:
        parts.hostname.encode("idna")  # the resolver would fail on it (label too long)
    except UnicodeError as exc:
        raise UnsafeUrl("is not a valid host name", "invalid") from exc
    if parts.username or parts.password:
        # Credentials in a URL end up in logs and lists; use the signature instead.
        raise UnsafeUrl("must not contain a user name or password", "credentials")
    if parts.fragment:
        raise UnsafeUrl("must not contain a #fragment", "invalid")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80)


def is_public(ip: IPAddress) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    # is_global is False for loopback, private (RFC 1918, fc00::/7), link-local,
    # shared (100.64/10), reserved, documentation and unspecified ranges.
    return ip.is_global and not ip.is_multicast


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _refuse(host: str, ip: IPAddress) -> UnsafeUrl:
    where = str(ip) if _literal(host) is not None else f"{host} resolves to {ip}, which"
    return UnsafeUrl(
        f"{where} is a loopback, private or link-local address; webhooks may only "
        "call public addresses (set SETY_WEBHOOK_ALLOW_PRIVATE=1 for on-premise receivers)",
        "private_address")


def _addresses(infos: list[tuple]) -> list[IPAddress]:
    out: list[IPAddress] = []
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if ip not in out:
            out.append(ip)
    return out


def check_url_on_save(url: str) -> None:
    """Refuse a URL that is malformed or resolves to a non-public address.

    A host that does not resolve now is accepted (it may be set up later);
    it is checked again before every attempt.
    """
    _, host, port = parse_url(url)
    if get_settings().webhook_allow_private:
        return
    literal = _literal(host)
    if literal is not None:
        if not is_public(literal):
            raise _refuse(host, literal)
        return
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        raise UnsafeUrl("must not point at localhost, a private address", "private_address")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return
    for ip in _addresses(infos):
        if not is_public(ip):
            raise _refuse(host, ip)


async def resolve_for_send(url: str) -> IPAddress | None:
    """The address to connect to for this attempt (None: let the client resolve).

    Raises UnsafeUrl when the host now resolves to a non-public address, and
    OSError when it does not resolve at all.
    """
    _, host, port = parse_url(url)
    literal = _literal(host)
    if get_settings().webhook_allow_private:
        return None
    if literal is not None:
        if not is_public(literal):
            raise _refuse(host, literal)
        return literal
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = _addresses(infos)
    for ip in addresses:
        if not is_public(ip):
            raise _refuse(host, ip)
    return addresses[0]
