"""The client's address behind trusted reverse proxies (DJANGO_TRUSTED_PROXIES).

Without trusted proxies the socket's address is the client (REMOTE_ADDR), and X-Forwarded-* headers
are dropped: anyone could send them. With them, a request that comes from one of the proxies takes its
client from X-Forwarded-For: walking from the right (the entry the nearest proxy appended), the first
address that is not itself a trusted proxy. Everything downstream (rate limits, the login lockout,
logs) reads REMOTE_ADDR and so sees the customer, not the proxy."""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse

FORWARDED = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_FORWARDED")


@cache
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _address(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def client_address(meta: dict) -> str:
    """The client's address for a request with these META headers (see the module's docstring)."""
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    peer = meta.get("REMOTE_ADDR", "")
    if not _trusted(_address(peer), networks):
        return peer
    for hop in reversed(meta.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(hop)
        if address is None:
            break  # a malformed entry: nothing left of it can be trusted
        if not _trusted(address, networks):
            return str(address)
    return peer


class TrustedProxyMiddleware:
    """First in the chain: REMOTE_ADDR becomes the client's address, and forwarding headers survive only
    from trusted proxies (so SECURE_PROXY_SSL_HEADER cannot be spoofed by a client)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        networks = _networks(tuple(settings.TRUSTED_PROXIES))
        if _trusted(_address(meta.get("REMOTE_ADDR", "")), networks):
            meta["REMOTE_ADDR"] = client_address(meta)
        else:
            for header in FORWARDED:
                meta.pop(header, None)
        return self.get_response(request)


def client_ip(request: HttpRequest) -> str:
    """The client's address once TrustedProxyMiddleware has run (django-axes asks for it)."""
    return request.META.get("REMOTE_ADDR", "")
