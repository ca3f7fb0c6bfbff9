"""What a blast would be: sample renders, encoding, parts and cost of both accent variants, compliance
warnings, and who gets it and who does not (a read; nothing is written)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Organisation
from accounts.permissions import Actor, actor_required
from content.templating import TemplateTooCostly
from core.errors import DomainError
from core.formatting import display_name
from dispatch import compliance
from dispatch.contacts.phones import phone_mask
from dispatch.contacts.selectors import (
    AudienceFilter,
    Breakdown,
    actor_contact_q,
    audience_breakdown,
    category_check,
    eligible_contacts,
    sms_content_body,
)
from dispatch.contacts.services import personal_data_access_record
from dispatch.models import Contact, PersonalDataAction

from . import smstext
from .rendering import check_syntax, render_for


@dataclass(frozen=True)
class Sample:
    phone: str  # masked
    name: str
    text: str | None
    unaccented: str | None
    error: str | None = None


@dataclass(frozen=True)
class Preview:
    samples: list[Sample]
    accented: smstext.TextInfo
    unaccented: smstext.TextInfo
    breakdown: Breakdown
    accented_blast_vnd: int
    unaccented_blast_vnd: int
    warnings: list[dict] = field(default_factory=list)  # {"code", "message"}
    send_now: bool = True
    next_allowed_at: dt.datetime | None = None


def preview_build(
    *,
    viewer: Actor,
    organisation: Organisation,
    audience_filter: AudienceFilter,
    text: str,
    category: str,
    brandname: str,
    sample_size: int = 3,
    now: dt.datetime | None = None,
) -> Preview:
    """Render `text` for a few real eligible contacts and price the blast on the longest sample.

    Numbers in the rendered text are masked unless `viewer` may see the contact in the contact list. The
    one write: the personal-data access log notes who was shown how many contacts."""
    rules = compliance.Rules.from_settings()
    now = now or timezone.now()
    category_check(category=category, rules=rules)
    check_syntax(text)
    breakdown = audience_breakdown(
        organisation=organisation, audience_filter=audience_filter, category=category, rules=rules
    )
    contacts = eligible_contacts(
        organisation=organisation, audience_filter=audience_filter, category=category, rules=rules
    ).select_related("province__successor")[: max(1, min(sample_size, 10))]
    contacts = list(contacts)
    visible = set(
        Contact.objects.filter(actor_contact_q(viewer), pk__in=[c.pk for c in contacts]).values_list(
            "pk", flat=True
        )
    )
    _access_record(viewer, organisation, contacts)
    samples, warnings = _samples_render(text, contacts, visible)
    bodies = [s.text for s in samples if s.text is not None] or [text]
    longest = max(bodies, key=lambda b: (smstext.parts(b), len(b)))
    variants = smstext.compare(longest, recipients=breakdown.eligible)
    for code in compliance.text_problems(text=longest, category=category, brandname=brandname, rules=rules):
        _warn(warnings, code, compliance.REASONS[code])
    opening = now
    if rules.applies(category, "hours"):
        opening = compliance.next_allowed_hour(now, rules)
        if opening != now:
            _warn(warnings, "outside_hours", compliance.REASONS["outside_hours"])
    if breakdown.eligible == 0:
        _warn(warnings, "no_recipients", _("Không có người nhận nào đủ điều kiện."))
    return Preview(
        samples=samples,
        accented=variants.accented,
        unaccented=variants.unaccented,
        breakdown=breakdown,
        accented_blast_vnd=variants.accented_blast_vnd,
        unaccented_blast_vnd=variants.unaccented_blast_vnd,
        warnings=warnings,
        send_now=opening == now,
        next_allowed_at=None if opening == now else opening,
    )


def _access_record(viewer: Actor, organisation: Organisation, contacts: list[Contact]) -> None:
    """Note in the personal-data access log that `viewer` was shown these sample contacts (if any)."""
    if contacts:
        personal_data_access_record(
            actor=viewer,
            action=PersonalDataAction.PREVIEW,
            organisation=organisation,
            subject=ngettext(
                "Xem trước tin nhắn: %(n)s liên hệ của %(org)s",
                "Xem trước tin nhắn: %(n)s liên hệ của %(org)s",
                len(contacts),
            )
            % {"n": len(contacts), "org": display_name(organisation)},
            rows=len(contacts),
        )


def _samples_render(text: str, contacts: list[Contact], visible: set[int]) -> tuple[list[Sample], list[dict]]:
    """`text` rendered for each contact (numbers masked unless in `visible`), and a warning per contact the
    sandbox refused to render for."""
    samples: list[Sample] = []
    warnings: list[dict] = []
    for contact in contacts:
        try:
            body = render_for(text, contact, mask_phone=contact.pk not in visible)
        except TemplateTooCostly:  # a bound of the sandbox is the template's fault, not a contact's
            raise
        except DomainError as exc:  # the sandbox's verdict for this contact: shown, not raised
            message = exc.message
            samples.append(Sample(phone_mask(contact.phone), contact.name, None, None, error=message))
            _warn(warnings, "render_error", message)
            continue
        samples.append(Sample(phone_mask(contact.phone), contact.name, body, smstext.unaccent(body)))
    return samples, warnings


@actor_required
def preview_text(*, actor, text: str | None, content_item_id: int | None) -> str:
    """What to preview: draft text, or the approved body of an SMS content item (exactly one of them)."""
    if (text is None) == (content_item_id is None):
        raise DomainError(
            _("Gửi nội dung nháp (text) hoặc mã nội dung đã duyệt (content_item_id), một trong hai."),
            field="text",
        )
    if content_item_id is not None:
        return sms_content_body(actor=actor, item_id=content_item_id)
    return text


def _warn(warnings: list[dict], code: str, message: str) -> None:
    if not any(w["code"] == code for w in warnings):
        warnings.append({"code": code, "message": str(message)})
