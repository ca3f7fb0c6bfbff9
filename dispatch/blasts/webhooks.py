"""Twilio's calls to us: status callbacks and inbound replies, both signed with X-Twilio-Signature."""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.request_validator import RequestValidator

from dispatch.models import Message, MessageStatus

from .smstext import unaccent

logger = logging.getLogger(__name__)

# Twilio's statuses that mean something to us; queued/accepted/sending change nothing.
TWILIO_STATUSES = {
    "sent": MessageStatus.SENT,
    "delivered": MessageStatus.DELIVERED,
    "undelivered": MessageStatus.UNDELIVERED,
    "failed": MessageStatus.FAILED,
}

# Refusal keywords: Twilio's English STOP family and the Vietnamese "TU CHOI", "HUY", "DUNG" (with or
# without marks; "TC" is what our texts tell people to send). The whole reply must be the keyword, as
# Twilio does: without marks "dừng" (stop) and "đúng" (right) are both DUNG, and "Đúng giờ" is no refusal.
REFUSAL = re.compile(
    r"^\s*(STOP|STOPALL|UNSUBSCRIBE|CANCEL|END|QUIT|OPTOUT|TU\s*CHOI|TC|HUY|DUNG)\s*[.!]*\s*$", re.IGNORECASE
)


def public_url(request: HttpRequest) -> str:
    """The URL Twilio signed: our public base (behind a proxy) plus the path and query."""
    base = settings.TWILIO_STATUS_CALLBACK_BASE.rstrip("/")
    return base + request.get_full_path() if base else request.build_absolute_uri()


def signature_ok(request: HttpRequest) -> bool:
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature or not settings.TWILIO_AUTH_TOKEN:
        return False
    params = {k: request.POST.get(k) for k in request.POST}
    return RequestValidator(settings.TWILIO_AUTH_TOKEN).validate(public_url(request), params, signature)


@csrf_exempt
@require_POST
def twilio_status(request: HttpRequest) -> HttpResponse:
    """Move a message's status forward (never back, atomically) and record the error code; the
    provider's id and a sent time are kept even when the callback beats the sender's own write."""
    if not signature_ok(request):
        return HttpResponseForbidden("invalid signature")
    status = TWILIO_STATUSES.get(request.POST.get("MessageStatus", ""))
    if status is None:
        return HttpResponse(status=204)
    sid = request.POST.get("MessageSid", "")[:64]
    messages = Message.objects.filter(provider_id=sid or "-")
    our_id = request.GET.get("m", "")
    if our_id.isdigit():
        messages = Message.objects.filter(pk=int(our_id)) | messages
    for message in messages[:1]:
        message.advance(status, error_code=(request.POST.get("ErrorCode", "") or "")[:16], provider_id=sid)
    return HttpResponse(status=204)


def is_refusal(body: str) -> bool:
    return bool(REFUSAL.match(unaccent(body or "")))


@csrf_exempt
@require_POST
def twilio_inbound(request: HttpRequest) -> HttpResponse:
    """A reply with a refusal keyword puts the number on the suppression list at once."""
    from dispatch.contacts.suppression import NUMBER_OWNER, suppression_add

    if not signature_ok(request):
        return HttpResponseForbidden("invalid signature")
    if is_refusal(request.POST.get("Body", "")):
        try:
            suppression_add(
                phone=request.POST.get("From", ""),
                reason="refused",
                note="Trả lời tin nhắn",
                actor=NUMBER_OWNER,
            )
        except Exception as exc:  # a number we cannot parse is logged; Twilio must still get its 200
            logger.warning("inbound refusal from an unusable number: %s", exc)
    return HttpResponse("<Response/>", content_type="text/xml")
