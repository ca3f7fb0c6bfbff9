"""Models of the campaigns app. Import them from here: `from campaigns.models import Campaign`.

- waves.py: Campaign waves and calendar feed tokens (issue 3).

Targets, obligations, weekly reports and roll-ups are the `reports` app's (reports/models.py).
"""

from .waves import (
    DEFAULT_LEAD_TIME,
    EDITABLE_STATUSES,
    TRANSITIONS,
    Audience,
    CalendarToken,
    Campaign,
    CampaignKind,
    CampaignOrigin,
    CampaignStatus,
    CampaignStatusError,
    Channel,
    default_audiences,
    default_channels,
)

__all__ = [
    "DEFAULT_LEAD_TIME",
    "EDITABLE_STATUSES",
    "TRANSITIONS",
    "Audience",
    "CalendarToken",
    "Campaign",
    "CampaignKind",
    "CampaignOrigin",
    "CampaignStatus",
    "CampaignStatusError",
    "Channel",
    "default_audiences",
    "default_channels",
]
