"""Who is on the other end of a request: the client address and whether the request came over
HTTPS, trusting forwarded headers only from the reverse proxies named in ``PIA_TRUSTED_PROXIES``.

Used by the 意見募集 rate limit, the login throttle and :class:`TrustedProxyMiddleware`. A
forwarded header from anywhere else is ignored, so nobody can pick their own address or claim
HTTPS by sending a header."""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings

FORWARDED_PROTO = "HTTP_X_FORWARDED_PROTO"


def client_address(request) -> str:
    """REMOTE_ADDR, or behind a trusted reverse proxy the nearest untrusted address in
    X-Forwarded-For (the proxies append: the rightmost untrusted one is the client). Without
    this, every citizen or employee behind the city's proxy would share one address."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(getattr(settings, "PIA_TRUSTED_PROXIES", ())))
    if not networks or not _trusted(remote, networks):
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    for address in reversed(forwarded):
        if not _trusted(address, networks):
            return address
    return forwarded[0] if forwarded else remote


def from_trusted_proxy(request) -> bool:
    networks = _networks(tuple(getattr(settings, "PIA_TRUSTED_PROXIES", ())))
    return bool(networks) and _trusted(request.META.get("REMOTE_ADDR", ""), networks)


class TrustedProxyMiddleware:
    """Drops ``X-Forwarded-Proto`` unless the request comes from a trusted reverse proxy, so that
    Django's ``SECURE_PROXY_SSL_HEADER`` (set when ``PIA_TRUSTED_PROXIES`` is) believes only the
    proxy. First in ``MIDDLEWARE``: before SecurityMiddleware reads ``request.is_secure()``."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if FORWARDED_PROTO in request.META and not from_trusted_proxy(request):
            del request.META[FORWARDED_PROTO]
        return self.get_response(request)


@cache  # the setting is read once per value, not parsed on every request
def _networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)
