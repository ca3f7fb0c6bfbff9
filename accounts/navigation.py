"""The one role-aware menu and where each role lands after sign-in.

Computed here, from the actor alone, so every page shows the same menu and no one is offered a page that
would refuse them: the review queue only to Postal Department approvers, the SMS pages only to those who
may work with contacts, the report form only to those who file weekly reports.
Pages are named by URL name (a string), so this module imports no app above accounts.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .models import REPORTING_ORG_KINDS, SMS_ORG_KINDS, OrganisationKind, Role
from .permissions import Actor, can_approve

# Organisations that plan and run waves: they subscribe their calendars to the waves' feed.
PLANNING_KINDS = {
    OrganisationKind.DIC,
    OrganisationKind.POSTAL_DEPARTMENT,
    OrganisationKind.WORKING_GROUP,
    OrganisationKind.POSTAL_FIRM,
}


def _editor_in(actor: Actor, kinds) -> bool:
    return any(o.kind in kinds and actor.has_role(o, Role.EDITOR) for o in actor.organisations.values())


def _everyone(actor: Actor) -> bool:
    return True


def _works_with_sms(actor: Actor) -> bool:
    return _editor_in(actor, SMS_ORG_KINDS)


def _files_reports(actor: Actor) -> bool:
    return _editor_in(actor, REPORTING_ORG_KINDS)


def _plans(actor: Actor) -> bool:
    return _editor_in(actor, PLANNING_KINDS)


def _national(actor: Actor) -> bool:
    return actor.is_national()


def _admin(actor: Actor) -> bool:
    user = actor.user
    return bool(user is not None and user.is_active and user.is_staff and user.is_superuser)


@dataclass(frozen=True)
class MenuItem:
    url_name: str
    label: str
    group: str
    visible: object  # callable(actor) -> bool
    kwargs: tuple = ()  # URL arguments, as (name, value) pairs


MENU = [
    MenuItem("campaigns:calendar", _("Lịch chiến dịch"), _("Kế hoạch"), _everyone),
    MenuItem("campaigns:subscribe", _("Đăng ký lịch"), _("Kế hoạch"), _plans),
    MenuItem("content:mine", _("Nội dung của tôi"), _("Nội dung"), _everyone),
    MenuItem("content:queue", _("Hàng chờ thẩm định"), _("Nội dung"), can_approve),
    MenuItem("content:overdue", _("Quá hạn"), _("Nội dung"), _everyone),
    MenuItem("content:feeds", _("Nguồn tin"), _("Nội dung"), _everyone),
    MenuItem("content:to_confirm", _("Bài chờ xác nhận"), _("Nội dung"), _everyone),
    MenuItem("dispatch:contacts", _("Danh bạ"), _("SMS"), _works_with_sms),
    MenuItem("dispatch:audiences", _("Nhóm người nhận"), _("SMS"), _works_with_sms),
    MenuItem("dispatch:imports", _("Nhập danh bạ"), _("SMS"), _works_with_sms),
    MenuItem("dispatch:blasts", _("Đợt gửi SMS"), _("SMS"), _works_with_sms),
    MenuItem("reports:dashboard", _("Bảng theo dõi"), _("Báo cáo"), _everyone),
    MenuItem("reports:file", _("Nộp báo cáo tuần"), _("Báo cáo"), _files_reports),
    MenuItem("reports:inbox", _("Hộp báo cáo nhận"), _("Báo cáo"), _national),
    MenuItem("plan:progress", _("Tiến độ kế hoạch"), _("Kế hoạch"), _everyone, (("edition", "2022"),)),
    MenuItem("admin:index", _("Quản trị"), _("Hệ thống"), _admin),
]


@dataclass(frozen=True)
class Link:
    url: str
    label: str
    group: str
    current: bool


def menu_for(*, actor: Actor, path: str = "") -> list[Link]:
    """The pages this actor may open, in menu order; the one holding `path` is marked current."""
    links = []
    for item in MENU:
        if not item.visible(actor):
            continue
        try:
            url = reverse(item.url_name, kwargs=dict(item.kwargs))
        except NoReverseMatch:
            continue
        links.append(Link(url=url, label=str(item.label), group=str(item.group), current=False))
    # The current page is the longest menu URL that starts `path` (so /content/queue/ beats /content/).
    best = max((link for link in links if path.startswith(link.url)), key=lambda x: len(x.url), default=None)
    return [Link(x.url, x.label, x.group, x is best) for x in links]


def landing_url(*, actor: Actor) -> str:
    """Where a role's work is: approver → review queue, DIC → its province's calendar, postal firm →
    this week's report, working group → national dashboard; anyone else → their content."""
    kinds = {o.kind for o in actor.organisations.values()}
    if can_approve(actor):
        return reverse("content:queue")
    if OrganisationKind.DIC in kinds:
        return reverse("campaigns:calendar")
    if OrganisationKind.POSTAL_FIRM in kinds:
        return reverse("reports:file")
    if OrganisationKind.WORKING_GROUP in kinds or actor.is_national():
        return reverse("reports:dashboard")
    return reverse("content:mine")
