"""The auto-pause: a blast whose recent terminal provider errors pass SMS_ERROR_RATE_PAUSE is paused.

Only attempts with a final answer count (sent, or a terminal refusal: invalid number, account or auth
error, another persistent 4xx); throttling and retryable errors never do. A resume starts a fresh window.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from core import formatting
from core.queues import get_connection
from dispatch.models import Blast, BlastStatus


def _outcomes_key(blast_id: int) -> str:
    return f"mua:blast:{blast_id}:outcomes"


def record_outcomes(blast_id: int, outcomes: list[bool]) -> None:
    """Remember the last attempts' outcomes (1 = failed) for the error-rate check."""
    window = int(settings.SMS_ERROR_RATE_WINDOW)
    with get_connection().pipeline() as pipe:
        pipe.lpush(_outcomes_key(blast_id), *[0 if ok else 1 for ok in outcomes])
        pipe.ltrim(_outcomes_key(blast_id), 0, window - 1)
        pipe.expire(_outcomes_key(blast_id), 7 * 86400)
        pipe.execute()


def reset_outcomes(blast_id: int) -> None:
    """A resumed blast is judged on what it does from now on."""
    get_connection().delete(_outcomes_key(blast_id))


def check_error_rate(*, blast_id: int) -> bool:
    """Pause a running blast whose recent failure rate passes SMS_ERROR_RATE_PAUSE; True if paused."""
    values = [int(v) for v in get_connection().lrange(_outcomes_key(blast_id), 0, -1)]
    if len(values) < int(settings.SMS_ERROR_RATE_MIN_SAMPLE):
        return False
    rate = sum(values) / len(values)
    if rate <= float(settings.SMS_ERROR_RATE_PAUSE):
        return False
    with transaction.atomic():
        blast = Blast.objects.select_for_update().get(pk=blast_id)
        if blast.status != BlastStatus.RUNNING:
            return False
        blast.pause(
            _("Tự động tạm dừng: %(rate)s trong %(n)s lần gửi gần nhất bị lỗi.")
            % {"rate": formatting.percent(rate), "n": len(values)}
        )
    return True
