"""Who sent a request: the peer, or, behind a proxy we trust, the client that proxy names."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_address(request: HttpRequest) -> str:
    """The peer's address; when the peer is a trusted proxy (DISPATCHDESK_TRUSTED_PROXIES), the
    nearest address in X-Forwarded-For that is not one of our proxies. Addresses further left were
    written by the client and could be anything, so they are never believed."""
    peer: str = request.META.get("REMOTE_ADDR", "")
    trusted = _networks(tuple(settings.DISPATCHDESK_TRUSTED_PROXIES))
    if not _within(peer, trusted):
        return peer
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(hops):
        if not _within(hop, trusted):
            return hop if _parse(hop) is not None else peer
    return peer


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    # Checked when the settings load (common.env.env_networks).
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _within(address: str, networks: tuple[Network, ...]) -> bool:
    parsed = _parse(address)
    return parsed is not None and any(parsed in network for network in networks)


def _parse(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(address)
    except ValueError:
        return None


def client_within(request: HttpRequest, entries: list[str]) -> bool:
    """Whether the client (as `client_address` finds it) is in one of these addresses or CIDR ranges."""
    return _within(client_address(request), _networks(tuple(entries)))
