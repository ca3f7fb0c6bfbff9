"""rq job for report reminders (a periodic job in config/cron.py)."""

import logging

from django.utils import timezone

from core.locks import runs_alone

from .reminders import report_reminders_send

logger = logging.getLogger(__name__)

LOCK = "reports-remind-daily"


@runs_alone(LOCK, skipped={"skipped": True})
def reports_remind_daily() -> dict:
    """Daily: remind organisations of reports due within a day or late, and send the department's digest."""
    result = report_reminders_send(now=timezone.now())
    logger.info("reports_remind_daily: %d due soon, %d late", len(result.due_soon), len(result.late))
    return {"skipped": False, "due_soon": result.due_soon, "late": result.late, "digest": result.digest}
