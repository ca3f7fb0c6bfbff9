"""Writes for weekly reports, targets and roll-ups (reminders: reports/reminders.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import REPORTING_ORG_KINDS, Organisation, OrganisationKind, Role
from accounts.permissions import Actor, actor_required, require_actor, require_org_role
from accounts.services import notification_send
from calendars.models import Province
from calendars.weeks import InvalidWeek, IsoWeek, format_month, parse_month, parse_week, week_of
from campaigns.models import Campaign
from campaigns.selectors import organisation_editors
from core import formatting
from core.choices import choice_clean
from core.errors import Conflict, DomainError, NotFound, PermissionDenied
from core.formatting import display_name

from .metrics import metric_choices
from .models import (
    CUMULATIVE_FIGURES,
    FIGURE_LABELS,
    FIGURES,
    MonthlyRollup,
    ReportingObligation,
    ReportStatus,
    RollupStatus,
    Target,
    TargetChange,
    TargetPeriod,
    TargetScope,
    WeeklyReport,
    WeeklyReportVersion,
)
from .rollups import rollup_month

MAX_FIGURE = 10**15


def is_postal_department(actor: Actor, minimum: str = Role.EDITOR) -> bool:
    return require_actor(actor).is_system or any(
        org.kind == OrganisationKind.POSTAL_DEPARTMENT and actor.has_role(org, minimum)
        for org in actor.organisations.values()
    )


def require_postal_department(actor: Actor, minimum: str = Role.EDITOR) -> None:
    if not is_postal_department(actor, minimum):
        raise PermissionDenied(_("Chỉ Vụ Bưu chính được làm việc này."))


def week_from(value: str) -> IsoWeek:
    try:
        return parse_week(value)
    except InvalidWeek as exc:
        raise NotFound(str(exc), field="week") from None


def month_from(value: str) -> tuple[int, int]:
    try:
        return parse_month(value)
    except InvalidWeek as exc:
        raise NotFound(str(exc), field="month") from None


# Obligations ------------------------------------------------------------------------------------------


@transaction.atomic
def obligation_ensure(*, organisation: Organisation) -> ReportingObligation:
    """Give a postal firm or DIC its weekly obligation with the default due moment (idempotent)."""
    if organisation.kind not in REPORTING_ORG_KINDS:
        raise DomainError(_("Chỉ doanh nghiệp bưu chính và Sở TTTT báo cáo tuần."), field="organisation")
    obligation, _created = ReportingObligation.objects.get_or_create(organisation=organisation)
    return obligation


@transaction.atomic
def obligations_ensure_all() -> int:
    """Every active postal firm and DIC reports weekly; returns how many obligations were added."""
    orgs = Organisation.objects.filter(
        kind__in=REPORTING_ORG_KINDS, is_active=True, reporting_obligation=None
    )
    created = [ReportingObligation(organisation=org) for org in orgs]
    ReportingObligation.objects.bulk_create(created)
    return len(created)


# Filing -----------------------------------------------------------------------------------------------


@dataclass
class FileResult:
    report: WeeklyReport
    created: bool
    changed: bool


def _clean_figures(figures: dict) -> dict:
    unknown = set(figures) - set(FIGURES)
    if unknown:
        raise DomainError(
            _("Chỉ số không có: %(f)s.") % {"f": ", ".join(sorted(unknown))}, field=sorted(unknown)[0]
        )
    cleaned = {}
    for name in FIGURES:
        value = figures.get(name)
        if value is None or value == "":
            cleaned[name] = None  # not reported; 0 is a real value
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, str) and value.strip().isdigit():
                value = int(value.strip())
            else:
                raise DomainError(
                    _("'%(label)s' phải là số nguyên không âm.") % {"label": FIGURE_LABELS[name]}, field=name
                )
        if value < 0:
            raise DomainError(_("'%(label)s' không được âm.") % {"label": FIGURE_LABELS[name]}, field=name)
        if value > MAX_FIGURE:
            raise DomainError(_("'%(label)s' quá lớn.") % {"label": FIGURE_LABELS[name]}, field=name)
        cleaned[name] = value
    return cleaned


def _check_open(*, report: WeeklyReport | None, obligation: ReportingObligation, week: IsoWeek, now) -> None:
    """Refuse edits to a locked week (past lock_days without an exception) or an accepted month."""
    if obligation.is_locked(week, report=report, now=now):
        raise Conflict(
            _("Báo cáo %(week)s đã khoá (%(days)s ngày sau hạn nộp); cần quản trị mở khoá.")
            % {"week": formatting.week_label(week), "days": obligation.lock_days},
            field="week",
        )
    month = format_month(*week.month)
    accepted = MonthlyRollup.objects.filter(
        organisation=obligation.organisation, month=month, status=RollupStatus.ACCEPTED
    )
    if accepted.exists() and not (report is not None and report.is_unlocked(now)):
        raise Conflict(
            _("%(month)s đã được Vụ Bưu chính chấp nhận; báo cáo đã khoá.")
            % {"month": formatting.month_label(week.month)},
            field="week",
        )


def _check_cumulative(*, organisation, week: IsoWeek, figures: dict, explanation: str) -> None:
    """A running total below the last one reported needs an explanation."""
    earlier = WeeklyReport.objects.filter(organisation=organisation, week_start__lt=week.monday)
    for name in CUMULATIVE_FIGURES:
        value = figures[name]
        if value is None:
            continue
        last = (
            earlier.exclude(**{f"{name}__isnull": True}).order_by("-week_start").values_list(name, flat=True)
        )
        previous = last.first()
        if previous is not None and value < previous and not explanation.strip():
            raise DomainError(
                _(
                    "'%(label)s' là số luỹ kế: %(value)s thấp hơn tuần trước (%(previous)s). "
                    "Hãy ghi '%(explanation)s' hoặc sửa số liệu."
                )
                % {
                    "label": FIGURE_LABELS[name],
                    "value": formatting.number(value),
                    "previous": formatting.number(previous),
                    "explanation": WeeklyReport._meta.get_field("decline_explanation").verbose_name,
                },
                field=name,
            )


def _evidence_links_clean(evidence_links: list[str] | None) -> list[str]:
    links = [str(link).strip() for link in (evidence_links or []) if str(link).strip()]
    for link in links:
        if not link.startswith(("http://", "https://")):
            raise DomainError(
                _("Đường dẫn minh chứng không hợp lệ: %(link)s") % {"link": link}, field="evidence_links"
            )
    return links


def _obligation_for(*, organisation: Organisation, week: IsoWeek, now: dt.datetime) -> ReportingObligation:
    """The organisation's weekly obligation, refusing a week it does not owe or that has not come yet."""
    obligation = ReportingObligation.objects.filter(organisation=organisation).first()
    if obligation is None:
        raise NotFound(
            _("%(org)s không có nghĩa vụ báo cáo tuần.") % {"org": display_name(organisation)}, field="org"
        )
    if week > week_of(now):
        raise DomainError(
            _("%(week)s chưa đến; không nhận báo cáo cho tuần tương lai.")
            % {"week": formatting.week_label(week)},
            field="week",
        )
    if not obligation.expects(week):
        raise DomainError(
            _("%(org)s không phải báo cáo %(week)s.")
            % {"org": display_name(organisation), "week": formatting.week_label(week)},
            field="week",
        )
    return obligation


@actor_required
@transaction.atomic
def report_file(
    *,
    actor: Actor,
    organisation: Organisation,
    week: str,
    figures: dict,
    narrative: str = "",
    evidence_links: list[str] | None = None,
    decline_explanation: str = "",
    submit: bool = True,
    now: dt.datetime | None = None,
) -> FileResult:
    """File (create or amend) an organisation's weekly report; filing the same content again changes nothing.

    An organisation files only for itself (editor role or an API key); an amendment keeps the previous
    version; a future week, a locked week and a falling running total without explanation are refused.
    """
    now = now or timezone.now()
    require_org_role(actor, organisation, Role.EDITOR)
    iso = week_from(week)
    obligation = _obligation_for(organisation=organisation, week=iso, now=now)
    cleaned = _clean_figures(figures)
    links = _evidence_links_clean(evidence_links)
    _check_cumulative(organisation=organisation, week=iso, figures=cleaned, explanation=decline_explanation)
    report = WeeklyReport.objects.select_for_update().filter(organisation=organisation, week=str(iso)).first()
    _check_open(report=report, obligation=obligation, week=iso, now=now)
    data = {
        **cleaned,
        "narrative": narrative.strip(),
        "evidence_links": links,
        "decline_explanation": decline_explanation.strip(),
    }
    created = report is None
    if created:
        report = WeeklyReport(organisation=organisation, week=str(iso), week_start=iso.monday)
    elif report.snapshot() != data:
        WeeklyReportVersion.objects.create(
            report=report,
            number=report.version,
            data=report.snapshot(),
            status=report.status,
            saved_at=report.updated_at,
            saved_by=actor.label,
        )
        report.version += 1
    elif not submit or report.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
        return FileResult(report=report, created=False, changed=False)
    for name, value in data.items():
        setattr(report, name, value)
    report.save()
    if submit:
        report.submit(now=now)
    return FileResult(report=report, created=created, changed=True)


@actor_required
@transaction.atomic
def report_accept(*, actor: Actor, report: WeeklyReport) -> WeeklyReport:
    """The Postal Department accepts a submitted report."""
    require_postal_department(actor)
    report = WeeklyReport.objects.select_for_update().get(pk=report.pk)
    report.accept(user=actor.user, now=timezone.now())
    return report


@actor_required
@transaction.atomic
def report_return(*, actor: Actor, report: WeeklyReport, comment: str) -> WeeklyReport:
    """The Postal Department returns a report with a comment; the organisation amends and files again."""
    require_postal_department(actor)
    report = WeeklyReport.objects.select_for_update().get(pk=report.pk)
    report.return_with(comment=comment, user=actor.user, now=timezone.now())
    notification_send(
        users=organisation_editors(report.organisation),
        verb="report_returned",
        title=lambda: (
            _("[Mùa] Báo cáo %(week)s bị trả lại") % {"week": formatting.week_label(report.iso_week)}
        ),
        body=report.return_comment,
        link=f"/reports/file/?org={report.organisation.code}&week={report.week}",
    )
    return report


@actor_required
@transaction.atomic
def report_unlock(*, actor: Actor, report: WeeklyReport, until: dt.datetime) -> WeeklyReport:
    """An admin's exception: a locked report may be amended until `until`."""
    require_postal_department(actor, Role.ADMIN)
    if timezone.is_naive(until):
        raise DomainError(_("Thời hạn mở khoá phải có múi giờ."), field="until")
    report.unlocked_until = until
    report.save(update_fields=["unlocked_until", "updated_at"])
    return report


# Import of many weeks -------------------------------------------------------------------------------

REQUIRED_COLUMNS = {"week"}


@dataclass
class ImportResult:
    filed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)  # {"row": n, "week": ..., "field": ..., "message": ...}


@actor_required
def require_report_upload(*, actor: Actor, organisation: Organisation) -> None:
    """Who may upload an organisation's reports: its editors. Checked before the file is read."""
    require_org_role(actor, organisation, Role.EDITOR)


@actor_required
def reports_import(
    *, actor: Actor, organisation: Organisation, rows: list[dict], now: dt.datetime | None = None
) -> ImportResult:
    """File many weeks at once; each row is filed or refused on its own, with the reason."""
    require_report_upload(actor=actor, organisation=organisation)
    result = ImportResult()
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        week = str(row.get("week") or "").strip()
        figures = {name: row.get(name) for name in FIGURES if name in row}
        try:
            with transaction.atomic():
                filed = report_file(
                    actor=actor,
                    organisation=organisation,
                    week=week,
                    figures=figures,
                    narrative=str(row.get("narrative") or ""),
                    evidence_links=str(row.get("evidence_links") or "").split(),
                    decline_explanation=str(row.get("decline_explanation") or ""),
                    now=now,
                )
        except DomainError as exc:
            result.errors.append({"row": number, "week": week, "field": exc.field, "message": exc.message})
            continue
        (result.filed if filed.changed else result.unchanged).append(filed.report.week)
    return result


# Targets ----------------------------------------------------------------------------------------------

TARGET_FIELDS = (
    "metric",
    "scope",
    "organisation",
    "organisation_kind",
    "province",
    "province_id",
    "campaign",
    "campaign_id",
    "period",
    "minimum",
    "active_from",
    "active_until",
    "label",
)


@actor_required
@transaction.atomic
def target_set(*, actor: Actor, target: Target | None = None, **values) -> Target:
    """Create or edit a target (Postal Department only); every change is kept in TargetChange."""
    require_postal_department(actor)
    unknown = set(values) - set(TARGET_FIELDS)
    if unknown:
        raise DomainError(
            _("Trường không có: %(f)s.") % {"f": ", ".join(sorted(unknown))}, field=sorted(unknown)[0]
        )
    before = target.snapshot() if target else None
    target = target or Target()
    for name, value in values.items():
        setattr(target, name, value)
    if target.metric not in metric_choices():
        raise DomainError(_("Giá trị '%(v)s' không hợp lệ.") % {"v": target.metric}, field="metric")
    for name, choices in (("scope", TargetScope), ("period", TargetPeriod)):
        choice_clean(getattr(target, name), choices, field=name)
    if target.minimum is None or int(target.minimum) < 0:
        raise DomainError(_("Mức tối thiểu phải là số nguyên không âm."), field="minimum")
    if target.active_from is None or target.active_until is None or target.active_until < target.active_from:
        raise DomainError(_("Khoảng áp dụng không hợp lệ."), field="active_until")
    _require_target_references(target)
    target.save()
    TargetChange.objects.create(target=target, changed_by=actor.user, before=before, after=target.snapshot())
    return target


def _require_target_references(target: Target) -> None:
    """A province or wave the target names must exist (a missing one was a 500 at the database)."""
    for name, model in (("province", Province), ("campaign", Campaign)):
        pk = getattr(target, f"{name}_id")
        if pk is not None and not model.objects.filter(pk=pk).exists():
            raise DomainError(f"Không có {model._meta.verbose_name} với mã số {pk}.", field=f"{name}_id")


# Monthly roll-ups --------------------------------------------------------------------------------------


@actor_required
@transaction.atomic
def rollup_decide(
    *, actor: Actor, organisation: Organisation, month: str, accept: bool, comment: str = ""
) -> MonthlyRollup:
    """The Postal Department accepts (locking the month's reports) or returns an organisation's month."""
    require_postal_department(actor)
    year, number = month_from(month)
    if not accept and not comment.strip():
        raise DomainError(_("Cần nêu lý do trả lại."), field="comment")
    row = rollup_month(year=year, month=number, organisations=[organisation])[0]
    rollup, _created = MonthlyRollup.objects.select_for_update().get_or_create(
        organisation=organisation, month=format_month(year, number)
    )
    rollup.status = RollupStatus.ACCEPTED if accept else RollupStatus.RETURNED
    rollup.totals = row.as_json()
    rollup.comment = comment.strip()
    rollup.decided_at = timezone.now()
    rollup.decided_by = actor.user
    rollup.save()
    return rollup


@actor_required
@transaction.atomic
def rollups_decide(
    *, actor: Actor, organisations: list[Organisation], month: str, accept: bool, comment: str = ""
) -> list[MonthlyRollup]:
    """Accept (or return) one month for many organisations at once: 65 organisations are one decision,
    not 65. The month's figures are rolled up once for all of them (a fixed 5 queries)."""

    require_postal_department(actor)
    year, number = month_from(month)
    if not organisations:
        raise DomainError(_("Hãy chọn ít nhất một tổ chức."), field="organisations")
    if not accept and not comment.strip():
        raise DomainError(_("Cần nêu lý do trả lại."), field="comment")
    label = format_month(year, number)
    rows = {
        row.organisation.pk: row for row in rollup_month(year=year, month=number, organisations=organisations)
    }
    existing = {
        r.organisation_id: r
        for r in MonthlyRollup.objects.select_for_update().filter(organisation__in=organisations, month=label)
    }
    now = timezone.now()
    decided = []
    for org in organisations:
        rollup = existing.get(org.pk) or MonthlyRollup(organisation=org, month=label)
        rollup.status = RollupStatus.ACCEPTED if accept else RollupStatus.RETURNED
        rollup.totals = rows[org.pk].as_json()
        rollup.comment = comment.strip()
        rollup.decided_at = now
        rollup.decided_by = getattr(actor, "user", None)
        rollup.save()
        decided.append(rollup)
    return decided
