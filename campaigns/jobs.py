"""rq jobs for campaign waves (module-level functions taking ids; each calls one service)."""

import logging

from django.utils import timezone

from core.locks import runs_alone

from .notices import notification_send_at_risk, notification_send_prep_due
from .services import campaign_advance_due

logger = logging.getLogger(__name__)

DAILY_LOCK = "campaigns-advance-daily"


@runs_alone(DAILY_LOCK, skipped={"skipped": True})
def campaigns_advance_daily() -> dict:
    """Daily: move due waves along by today's date in Vietnam; never two runs at once."""
    result = campaign_advance_due(today=timezone.localdate())
    logger.info(
        "campaigns_advance_daily %s: %d preparing, %d live, %d closed",
        result.today,
        len(result.preparing),
        len(result.live),
        len(result.closed),
    )
    return {
        "skipped": False,
        "today": result.today.isoformat(),
        "preparing": result.preparing,
        "live": result.live,
        "closed": result.closed,
        "at_risk": result.at_risk,
    }


def campaign_notify_prep_due(campaign_id: int) -> int:
    """Notify the owning DIC's editors that a wave's preparation starts."""
    return notification_send_prep_due(campaign_id=campaign_id)


def campaign_notify_at_risk(campaign_id: int) -> int:
    """Notify the owner that a wave past its prep_due still has no approved content."""
    return notification_send_at_risk(campaign_id=campaign_id)
