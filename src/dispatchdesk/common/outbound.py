"""Calling another server at a URL someone configured (webhooks, chat channels, the CRM) without
being led into our own network: the name is resolved once, every address is checked, and the
connection goes to the checked address (DNS rebinding: a second lookup could answer differently).

https still verifies the certificate against the name, and sends it as SNI; the Host header is the
name. No proxies from the environment and no redirects: both would connect somewhere unchecked."""

from __future__ import annotations

import http.client
import ipaddress
import socket
import urllib.request
from typing import Any

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def resolve(host: str, port: int) -> list[Address]:
    """Every address the name has now; OSError (or UnicodeError for a bad name) if none."""
    infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def all_global(addresses: list[Address]) -> bool:
    """No private, loopback, link-local or reserved address among them."""
    return bool(addresses) and all(address.is_global for address in addresses)


def pinned_opener(address: Address) -> urllib.request.OpenerDirector:
    """A urllib opener whose every connection goes to `address`, whatever the URL's name resolves to."""
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}), _NoRedirect(), _PinnedHTTP(address), _PinnedHTTPS(address)
    )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # urllib then raises HTTPError with the 3xx code


def _pinned(cls: type[http.client.HTTPConnection], address: Address, host: str, **kwargs: Any) -> Any:
    connection = cls(host, **kwargs)
    # http.client connects through this attribute; (name, port) becomes (checked address, port).
    connection._create_connection = lambda target, *args: socket.create_connection((str(address), target[1]), *args)  # type: ignore[attr-defined]
    return connection


class _PinnedHTTP(urllib.request.HTTPHandler):
    def __init__(self, address: Address) -> None:
        super().__init__()
        self._address = address

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(lambda host, **kw: _pinned(http.client.HTTPConnection, self._address, host, **kw), req)


class _PinnedHTTPS(urllib.request.HTTPSHandler):
    def __init__(self, address: Address) -> None:
        super().__init__()
        self._address = address

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        def connect(host: str, **kw: Any) -> Any:
            return _pinned(http.client.HTTPSConnection, self._address, host, **kw)

        return self.do_open(connect, req, context=self._context)  # type: ignore[attr-defined]
