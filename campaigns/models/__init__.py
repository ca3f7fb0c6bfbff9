"""Models of the campaigns app. Import them from here: `from campaigns.models import Campaign, WeeklyReport`.

- waves.py: Campaign waves and calendar feed tokens (issue 3).
- reports.py: Targets, reporting obligations, weekly reports with their versions, monthly roll-ups (issue 7).
"""

from .reports import (
    CUMULATIVE_FIGURES,
    FIGURES,
    MonthlyRollup,
    ReportingObligation,
    ReportStatus,
    RollupStatus,
    Target,
    TargetChange,
    TargetMetric,
    TargetPeriod,
    TargetScope,
    WeeklyReport,
    WeeklyReportVersion,
)
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
    "CUMULATIVE_FIGURES",
    "DEFAULT_LEAD_TIME",
    "EDITABLE_STATUSES",
    "FIGURES",
    "TRANSITIONS",
    "Audience",
    "CalendarToken",
    "Campaign",
    "CampaignKind",
    "CampaignOrigin",
    "CampaignStatus",
    "CampaignStatusError",
    "Channel",
    "MonthlyRollup",
    "ReportStatus",
    "ReportingObligation",
    "RollupStatus",
    "Target",
    "TargetChange",
    "TargetMetric",
    "TargetPeriod",
    "TargetScope",
    "WeeklyReport",
    "WeeklyReportVersion",
    "default_audiences",
    "default_channels",
]
