"""Is the database reachable, and which queue mode is in force."""

from django.conf import settings
from django.db import connection

from core.queues import get_connection


def health_check() -> dict:
    result = {"database": connection.vendor, "database_ok": False, "queue": "inline", "queue_ok": True}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        result["database_ok"] = True
    except Exception as exc:  # reported, not raised: this is the health page
        result["database_error"] = str(exc)
    if settings.REDIS_URL:
        result["queue"] = "redis"
        try:
            result["queue_ok"] = bool(get_connection().ping())
        except Exception as exc:
            result["queue_ok"] = False
            result["queue_error"] = str(exc)
    return result
