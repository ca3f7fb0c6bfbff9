"""Reads: contacts in an actor's scope, audiences and their live counts (always computed in the database)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from accounts.models import SMS_ORG_KINDS, Organisation, OrganisationKind, Role
from accounts.permissions import (
    NATIONAL_KINDS,
    Actor,
    actor_required,
    province_in_scope,
    require_actor,
    require_read_org,
)
from calendars.models import Province, ProvinceMap
from content.models import PUBLISHABLE, Channel, ContentItem
from content.selectors import item_get, item_list
from core.errors import DomainError, NotFound, PermissionDenied
from dispatch.compliance import Recipient, Rules
from dispatch.contacts.models import (
    Audience,
    Contact,
    ContactImport,
    ImportRejection,
    Suppression,
    SuppressionRemoval,
)

from .phones import MOBILE_PREFIXES


@dataclass(frozen=True)
class AudienceFilter:
    provinces: tuple[Province, ...] = ()
    kinds: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    consent_required: bool = True


# "+84" and the two digits after it: a hashable IN list is far cheaper per row than a regex.
VALID_E164_PREFIXES = sorted("+84" + p[1:] for p in MOBILE_PREFIXES)


def _valid_phone_q() -> Q:
    """Stored numbers are validated on the way in; this catches prefixes withdrawn since."""
    return Q(phone_prefix__in=VALID_E164_PREFIXES)


def contact_scope_q(organisation: Organisation) -> Q:
    """The contacts an organisation holds, and so may list, count, preview, send to and import into.

    Who holds contacts (docs/security.md): the working group and the Postal Department every contact; a
    DIC its province's on either map (a 2025 unit covers the old provinces merged into it), by province
    only; a postal firm or an agency none, unless an operator has granted it contacts by assigning them to
    it (`Contact.organisation`, in the admin). Audiences, counts, previews and blasts use this one rule.
    """
    if organisation.kind in NATIONAL_KINDS:
        return Q()
    if organisation.kind != OrganisationKind.DIC:
        return Q(organisation_id=organisation.pk)
    ids = [
        p.pk for p in Province.objects.filter(map=ProvinceMap.MAP_2022) if province_in_scope(organisation, p)
    ]
    return Q(province_id__in=ids)


def actor_contact_q(actor: Actor, minimum: str = Role.VIEWER) -> Q:
    """Contacts the actor may see (with `minimum`, hold with that role): the union of its organisations'
    scopes (everything for a national one or the system)."""
    require_actor(actor)
    if actor.is_system:
        return Q()
    q = Q(pk__in=[])
    for org in actor.organisations.values():
        if not actor.has_role(org, minimum):
            continue
        scope = contact_scope_q(org)
        if not scope:  # Q() is "every contact"; OR-ing it into q would drop it, so return it
            return scope
        q |= scope
    return q


@actor_required
def contact_list(*, actor: Actor, province: Province | None = None, q: str = "") -> QuerySet[Contact]:
    qs = Contact.objects.select_related("province__successor").filter(actor_contact_q(actor))
    if province is not None:
        key = "province" if province.map == ProvinceMap.MAP_2022 else "province__successor"
        qs = qs.filter(**{key: province})
    if q:
        qs = qs.filter(Q(phone__contains=q) | Q(name__icontains=q))
    return qs.order_by("phone")


@dataclass(frozen=True)
class ContactFilter:
    """What the contacts page filters by; every field optional."""

    q: str = ""
    province: Province | None = None  # on either map
    kind: str = ""
    tag: str = ""
    consent: str = ""  # "yes" | "no"
    suppressed: str = ""  # "yes" | "no"


@actor_required
def contact_search(*, actor: Actor, contact_filter: ContactFilter) -> QuerySet[Contact]:
    """The contacts page: the viewer's contacts (`contact_scope_q` of each organisation), searched by name,
    or by number for those who see numbers in full, and filtered by province on either map, kind, tag,
    consent and suppression."""
    f = contact_filter
    qs = contact_list(actor=actor, province=f.province)
    text = f.q.strip()[:100]
    if text:
        match = Q(name__icontains=text)
        if contact_numbers_visible(actor=actor) and any(c.isdigit() for c in text):
            match |= phone_q(text)
        qs = qs.filter(match)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.tag:
        qs = qs.filter(tags__contains=f",{f.tag.strip().lower()},")
    if f.consent in ("yes", "no"):
        qs = qs.filter(consent_at__isnull=f.consent == "no")
    if f.suppressed in ("yes", "no"):
        listed = Q(phone__in=Suppression.objects.values("phone"))
        qs = qs.filter(listed if f.suppressed == "yes" else ~listed)
    return qs


def phone_q(text: str, field: str = "phone") -> Q:
    """A typed number in any form ("0912 345", "+84912", "912345") against stored +84… numbers."""
    digits = "".join(c for c in text if c.isdigit())
    if not digits:
        return Q(pk__in=[])
    if digits.startswith("84"):
        return Q(**{f"{field}__startswith": f"+{digits}"})
    if digits.startswith("0"):
        return Q(**{f"{field}__startswith": f"+84{digits[1:]}"}) | Q(**{f"{field}__contains": digits[1:]})
    return Q(**{f"{field}__contains": digits})


@actor_required
def contact_numbers_visible(*, actor: Actor, contact: Contact | None = None) -> bool:
    """Full numbers for editors (and above) of an organisation that holds contacts (that holds `contact`,
    when given); viewers see them masked."""
    if contact is None:
        return actor.is_system or any(
            (o.kind in SMS_ORG_KINDS or o.contacts.exists()) and actor.has_role(o, Role.EDITOR)
            for o in actor.organisations.values()
        )
    return Contact.objects.filter(pk=contact.pk).filter(actor_contact_q(actor, Role.EDITOR)).exists()


@actor_required
def contact_tags(*, actor: Actor) -> list[str]:
    """The tags in use among the viewer's contacts (for the filter's choices), at most 200."""
    seen: set[str] = set()
    for tags in contact_list(actor=actor).exclude(tags="").values_list("tags", flat=True).distinct()[:2000]:
        seen.update(t for t in tags.split(",") if t)
    return sorted(seen)[:200]


@actor_required
def contact_get(*, actor: Actor, contact_id: int) -> Contact:
    """One contact the viewer may hold; any other (another province's, or none at all) is "not found", so
    the answer never tells that the contact exists."""
    contact = (
        Contact.objects.select_related("province__successor", "organisation")
        .filter(actor_contact_q(actor))
        .filter(pk=contact_id)
        .first()
    )
    if contact is None:
        raise NotFound(_("Không có người nhận #%(id)s trong phạm vi của bạn.") % {"id": contact_id})
    return contact


@dataclass(frozen=True)
class HistoryEvent:
    at: object  # datetime
    kind: str  # consent | suppressed | lifted
    text: str
    detail: str = ""


@actor_required
def contact_history(*, actor: Actor, contact: Contact) -> list[HistoryEvent]:
    """Consent and refusals of the contact's number, oldest first: the consent recorded (source, evidence),
    the suppression in force (why, since when) and any suppression an administrator lifted (who, why)."""
    events = []
    if contact.consent_at:
        events.append(
            HistoryEvent(
                contact.consent_at,
                "consent",
                _("Đồng ý nhận tin quảng cáo (%(source)s)")
                % {"source": contact.get_consent_source_display()},
                contact.consent_evidence,
            )
        )
    for removal in SuppressionRemoval.objects.filter(phone=contact.phone).select_related("removed_by"):
        events.append(
            HistoryEvent(
                removal.suppressed_at,
                "suppressed",
                _("Chặn tin quảng cáo: %(reason)s") % {"reason": removal.get_suppression_reason_display()},
            )
        )
        events.append(
            HistoryEvent(
                removal.removed_at,
                "lifted",
                _("Gỡ chặn bởi %(who)s") % {"who": removal.removed_by.get_username()},
                removal.reason,
            )
        )
    suppression = contact_suppression(contact=contact)
    if suppression:
        events.append(
            HistoryEvent(
                suppression.created_at,
                "suppressed",
                _("Chặn tin quảng cáo: %(reason)s") % {"reason": suppression.get_reason_display()},
                suppression.note,
            )
        )
    return sorted(events, key=lambda e: e.at)


def suppressed_phones(phones: list[str]) -> set[str]:
    """Which of these numbers are on the suppression list (one query, for a page of contacts)."""
    return set(Suppression.objects.filter(phone__in=phones).values_list("phone", flat=True))


def contact_suppression(*, contact: Contact) -> Suppression | None:
    return Suppression.objects.filter(phone=contact.phone).first()


def filter_q(audience_filter: AudienceFilter) -> Q:
    """The filter as one WHERE clause: provinces on either map OR'd, kinds IN, any of the tags."""
    q = Q()
    old = [p.pk for p in audience_filter.provinces if p.map == ProvinceMap.MAP_2022]
    new = [p.pk for p in audience_filter.provinces if p.map == ProvinceMap.MAP_2025]
    if old or new:
        q &= Q(province_id__in=old) | Q(province__successor_id__in=new)
    if audience_filter.kinds:
        q &= Q(kind__in=audience_filter.kinds)
    if audience_filter.tags:
        tags_q = Q(pk__in=[])
        for tag in audience_filter.tags:
            tags_q |= Q(tags__contains=f",{tag},")
        q &= tags_q
    return q


def audience_filter_of(audience: Audience) -> AudienceFilter:
    return AudienceFilter(
        provinces=tuple(audience.provinces.all()),
        kinds=tuple(audience.kinds),
        tags=tuple(audience.tags),
        consent_required=audience.consent_required,
    )


def audience_contacts(*, organisation: Organisation, audience_filter: AudienceFilter) -> QuerySet[Contact]:
    """Every contact the filter matches within the owner's reach (before consent and suppression)."""
    return Contact.objects.filter(contact_scope_q(organisation)).filter(filter_q(audience_filter))


@dataclass(frozen=True)
class Breakdown:
    """Who of an audience gets a message of a category, and why the others do not (exclusive counts)."""

    total: int
    eligible: int
    suppressed: int
    no_consent: int
    invalid: int


def audience_breakdown(
    *, organisation: Organisation, audience_filter: AudienceFilter, category: str, rules: Rules | None = None
) -> Breakdown:
    """One aggregate query. A contact is counted once: invalid, else suppressed, else without consent."""
    rules = rules or Rules.from_settings()
    category_check(category=category, rules=rules)
    invalid = ~_valid_phone_q()
    suppressed = Q(phone__in=Suppression.objects.values("phone"))
    if not rules.applies(category, "suppression"):
        suppressed = Q(pk__in=[])
    needs_consent = audience_filter.consent_required or rules.applies(category, "consent")
    no_consent = Q(consent_source="") if needs_consent else Q(pk__in=[])
    contacts = audience_contacts(organisation=organisation, audience_filter=audience_filter)
    counts = contacts.annotate(phone_prefix=Substr("phone", 1, 5)).aggregate(
        total=Count("pk"),
        invalid=Count("pk", filter=invalid),
        suppressed=Count("pk", filter=~invalid & suppressed),
        no_consent=Count("pk", filter=~invalid & ~suppressed & no_consent),
    )
    counts = {k: v or 0 for k, v in counts.items()}
    eligible = counts["total"] - counts["invalid"] - counts["suppressed"] - counts["no_consent"]
    return Breakdown(eligible=eligible, **counts)


def category_check(*, category: str, rules: Rules) -> None:
    if category not in rules.category_rules:
        known = ", ".join(sorted(rules.category_rules))
        raise DomainError(
            _("Loại tin '%(c)s' không có; dùng: %(known)s.") % {"c": category, "known": known},
            field="category",
        )


def recipient_state(*, phone: str, has_consent: bool, advertising_sent=()) -> Recipient:
    """What the compliance rules need about one number, read now: a refusal recorded a second ago counts."""
    return Recipient(
        has_consent=has_consent,
        suppressed=Suppression.objects.filter(phone=phone).exists(),
        advertising_sent=tuple(advertising_sent),
    )


def eligible_contacts(
    *, organisation: Organisation, audience_filter: AudienceFilter, category: str, rules: Rules | None = None
) -> QuerySet[Contact]:
    """The contacts a blast of this category may reach today (the sending engine re-checks at send time)."""
    rules = rules or Rules.from_settings()
    qs = (
        audience_contacts(organisation=organisation, audience_filter=audience_filter)
        .annotate(phone_prefix=Substr("phone", 1, 5))
        .filter(_valid_phone_q())
    )
    if rules.applies(category, "suppression"):
        qs = qs.exclude(phone__in=Suppression.objects.values("phone"))
    if audience_filter.consent_required or rules.applies(category, "consent"):
        qs = qs.exclude(consent_source="")
    return qs


def visible_to(qs: QuerySet, actor: Actor) -> QuerySet:
    """Rows of an organisation-owned model the actor may read: all for national members, else their own."""
    require_actor(actor)
    return qs if actor.is_national() else qs.filter(organisation_id__in=list(actor.roles))


@actor_required
def audience_list(*, actor: Actor) -> QuerySet[Audience]:
    return visible_to(Audience.objects.select_related("organisation").prefetch_related("provinces"), actor)


@actor_required
def audience_get(*, actor: Actor, audience_id: int) -> Audience:
    audience = (
        Audience.objects.select_related("organisation__province")
        .prefetch_related("provinces")
        .filter(pk=audience_id)
        .first()
    )
    if audience is None:
        raise NotFound(_("Không có nhóm người nhận #%(id)s.") % {"id": audience_id})
    require_read_org(actor, audience.organisation)
    return audience


@actor_required
def contact_import_get(*, actor: Actor, import_id: int) -> ContactImport:
    contact_import = ContactImport.objects.select_related("organisation").filter(pk=import_id).first()
    if contact_import is None:
        raise NotFound(_("Không có lượt nhập #%(id)s.") % {"id": import_id})
    require_read_org(actor, contact_import.organisation)
    return contact_import


@actor_required
def contact_import_list(*, actor: Actor) -> QuerySet[ContactImport]:
    return visible_to(ContactImport.objects.select_related("organisation"), actor)


@actor_required
def import_rows_visible(*, actor: Actor, contact_import: ContactImport) -> bool:
    """A refused row as uploaded holds full numbers and names: shown to the organisation's editors only
    (a viewer reads the line and the reason)."""
    return actor.has_role(contact_import.organisation, Role.EDITOR)


def import_rejections(*, contact_import: ContactImport) -> QuerySet[ImportRejection]:
    return contact_import.rejections.order_by("line")


@actor_required
def suppression_list(*, actor: Actor, phone: str = "") -> QuerySet[Suppression]:
    if not any(actor.has_role(o, Role.VIEWER) for o in actor.organisations.values()):
        raise PermissionDenied(_("Cần là thành viên của một tổ chức."))
    qs = Suppression.objects.all()
    return qs.filter(phone__contains=phone) if phone else qs


@actor_required
def require_audience_read(*, actor: Actor, organisation: Organisation) -> None:
    """Counting contacts for an organisation is reading its data."""
    require_read_org(actor, organisation)


@actor_required
def import_organisations(*, actor: Actor) -> list[Organisation]:
    """Organisations whose contact lists the actor may import into (editor or above)."""
    return [
        o for o in actor.organisations.values() if o.kind in SMS_ORG_KINDS and actor.has_role(o, Role.EDITOR)
    ]


@actor_required
def sms_content_body(*, actor: Actor, item_id: int) -> str:
    """The approved text of an SMS content item the actor may read (the text a blast would send)."""
    item = item_get(actor=actor, item_id=item_id)
    if item.channel != Channel.SMS:
        raise DomainError(
            _("Nội dung #%(id)s không phải tin nhắn SMS.") % {"id": item_id}, field="content_item_id"
        )
    if item.status not in PUBLISHABLE or item.approved_revision_id is None:
        raise DomainError(
            _("Nội dung #%(id)s chưa được Vụ Bưu chính phê duyệt (%(s)s).")
            % {"id": item_id, "s": item.get_status_display()},
            field="content_item_id",
        )
    return item.approved_revision.body


@actor_required
def sms_content_choices(*, actor: Actor) -> QuerySet[ContentItem]:
    """Approved SMS items the actor may read, newest first: what a blast may be built from."""
    return (
        item_list(actor=actor, channel=Channel.SMS)
        .filter(status__in=list(PUBLISHABLE))
        .order_by("-updated_at")
    )
