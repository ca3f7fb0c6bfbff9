"""rq job for milestone reminders (a periodic job in config/cron.py)."""

import logging

from django.utils import timezone

from core.locks import runs_alone

from .services import milestone_reminders_send

logger = logging.getLogger(__name__)


@runs_alone("plan-milestones-daily", skipped={"skipped": True})
def plan_milestones_daily() -> dict:
    """Daily: remind owners of milestones due within a week or late, and mark the late ones."""
    result = milestone_reminders_send(now=timezone.now())
    logger.info("plan_milestones_daily: %d due soon, %d late", len(result.due_soon), len(result.late))
    return {"skipped": False, "due_soon": result.due_soon, "late": result.late}
