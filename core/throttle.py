"""A fixed-window counter in Django's cache, for public forms that must not become a flooding tool, and the
one rule for a request's client address that every throttle (and the sign-in lockout) keys on."""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache


def throttle_allow(*, key: str, limit: int, window_seconds: int = 3600) -> bool:
    """Count one attempt under `key`; False once `limit` attempts fell in the current window."""
    cache_key = f"throttle:{key}"
    count = cache.get_or_set(cache_key, 0, timeout=window_seconds)
    if count >= limit:
        return False
    try:
        cache.incr(cache_key)
    except ValueError:  # expired between get_or_set and incr
        cache.set(cache_key, 1, timeout=window_seconds)
    return True


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The address of the client behind any trusted proxies (settings.MUA_TRUSTED_PROXIES).

    X-Forwarded-For is read only when the connection itself comes from a trusted proxy, right to left,
    stopping at the first address that is not a trusted proxy: entries further left were written by the
    client and prove nothing. With no trusted proxies the header is ignored. None when the request has no
    address (a request built in code).
    """
    current = _address(request.META.get("REMOTE_ADDR") or "")
    if current is None:
        return None
    networks = _networks(tuple(settings.MUA_TRUSTED_PROXIES))
    if not networks or not any(current in n for n in networks):
        return str(current)
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break
        current = address
        if not any(address in n for n in networks):
            break
    return str(current)
