"""A fixed-window counter in Django's cache, for public forms that must not become a flooding tool."""

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
