"""The address guard's pieces that need no network: classification and pinning."""

from __future__ import annotations

import ipaddress

import pytest

from sety_dashboard.webhooks.sender import _pinned
from sety_dashboard.webhooks.urlguard import UnsafeUrl, is_public, parse_url


@pytest.mark.parametrize("address,public", [
    ("93.184.216.34", True), ("2606:2800:220:1:248:1893:25c8:1946", True),
    ("127.0.0.1", False), ("10.0.0.1", False), ("172.31.255.255", False), ("192.168.0.1", False),
    ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False), ("224.0.0.1", False),
    ("::1", False), ("fe80::1", False), ("fd00::1", False), ("::ffff:10.0.0.1", False),
    ("::ffff:93.184.216.34", True),
])
def test_only_public_addresses_are_public(address, public):
    assert is_public(ipaddress.ip_address(address)) is public


@pytest.mark.parametrize("url,issue", [
    ("ftp://example.com/x", "invalid_scheme"), ("https:///x", "invalid"),
    ("https://u:p@example.com/x", "credentials"), ("https://example.com/x#frag", "invalid"),
    ("https://example.com:99999/x", "invalid"),
])
def test_malformed_urls(url, issue):
    with pytest.raises(UnsafeUrl) as info:
        parse_url(url)
    assert info.value.issue == issue


def test_attempts_connect_to_the_checked_address_keeping_the_name():
    url, headers, extensions = _pinned("https://hooks.example.com:8443/sety?x=1",
                                       ipaddress.ip_address("93.184.216.34"))
    assert url == "https://93.184.216.34:8443/sety?x=1"
    assert headers == {"Host": "hooks.example.com:8443"}
    assert extensions == {"sni_hostname": "hooks.example.com"}  # TLS checks the name
    url, headers, _ = _pinned("http://hooks.example.com/h", ipaddress.ip_address("2001:db8::1"))
    assert url == "http://[2001:db8::1]/h" and headers == {"Host": "hooks.example.com"}
    assert _pinned("https://93.184.216.34/h", ipaddress.ip_address("93.184.216.34")) == (
        "https://93.184.216.34/h", {}, {})
    assert _pinned("https://hooks.example.com/h", None) == ("https://hooks.example.com/h", {}, {})
