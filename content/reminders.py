"""The approvers' daily digest of items in review that expire within 48 hours unless decided.

One notification (and so one email) per approver per day listing only the items waiting for that
approver (the open review's route decides who: the step's organisation, else the Postal Department's
approvers), in each approver's own language. Keyed by day: a second run the same day notifies no one.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.services import notification_send
from core import formatting

from . import routing
from .models import ContentItem, Review
from .selectors import review_expiring


def _deciders(review: Review | None, *, today: dt.date, department: list) -> list:
    """Who decides the open review today (its step's organisation or, with none, the department)."""
    organisation = review.approver_organisation if review is not None else None
    return routing.approvers_of(organisation, today=today) or department


def _digest(items: list[ContentItem]):
    """Title and body of one approver's digest, as callables so each is written in their language."""

    def title():
        n = len(items)
        return ngettext(
            "[Mùa] %(n)s nội dung sẽ quá hạn trong 48 giờ nếu chưa thẩm định",
            "[Mùa] %(n)s nội dung sẽ quá hạn trong 48 giờ nếu chưa thẩm định",
            n,
        ) % {"n": formatting.number(n)}

    def body():
        return "\n".join(
            _("%(title)s — %(org)s, đăng dự kiến %(at)s")
            % {
                "title": item.title,
                "org": formatting.display_name(item.organisation),
                "at": formatting.datetime(item.planned_at),
            }
            for item in items
        )

    return title, body


@transaction.atomic
def review_remind_expiring(*, now: dt.datetime | None = None) -> int:
    """Remind each approver, once a day, of the items waiting for them that expire within 48 hours.

    Returns how many approvers were reminded now (0 on a second run the same day).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    items = list(review_expiring(now=now))
    if not items:
        return 0
    reviews = {
        r.item_id: r
        for r in Review.objects.filter(item__in=items, decided_at__isnull=True).select_related(
            "approver_organisation"
        )
    }
    department = list(routing.department_approvers())
    waiting: dict[int, tuple] = {}
    for item in items:
        for user in _deciders(reviews.get(item.pk), today=today, department=department):
            waiting.setdefault(user.pk, (user, []))[1].append(item)
    reminded = 0
    for user, theirs in waiting.values():
        title, body = _digest(theirs)
        reminded += len(
            notification_send(
                users=[user],
                verb="review_expiring",
                title=title,
                body=body,
                link=reverse("content:queue") + "?due=48h",
                key=f"review-expiring:{today.isoformat()}",
            )
        )
    return reminded
