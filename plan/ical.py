"""The plan's milestones as all-day events in the iCalendar feeds (registered in PlanConfig.ready)."""

import datetime as dt

from django.utils.translation import gettext as _
from icalendar import Event

from calendars.weeks import parse_week

from .models import Milestone, MilestoneStatus


def milestone_events(province=None) -> list[Event]:
    """Every milestone over its ISO weeks (national and provincial feeds alike: DICs own many of them)."""
    events = []
    for m in Milestone.objects.select_related("edition"):
        due = parse_week(m.due_week)
        start = parse_week(m.start_week).monday if m.start_week else due.monday
        event = Event()
        event.add("uid", f"mua-milestone-{m.pk}@mua.1034")
        event.add("dtstamp", m.updated_at)
        event.add("summary", _("[Kế hoạch %(code)s] %(title)s") % {"code": m.edition.code, "title": m.title})
        event.add("dtstart", start)
        event.add("dtend", due.sunday + dt.timedelta(days=1))
        event.add(
            "description",
            _("Chủ trì: %(owner_label)s. Hạn: %(label_vi)s. %(annex)s")
            % {"owner_label": m.owner_label, "label_vi": due.label_vi, "annex": m.annex},
        )
        event.add("categories", [MilestoneStatus(m.status).label])
        event.add("transp", "TRANSPARENT")
        events.append(event)
    return events
