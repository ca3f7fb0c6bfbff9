"""Writes for organisations, memberships, API keys and notifications."""

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.permissions import actor_required
from core.errors import AuthenticationFailed, DomainError, PermissionDenied
from core.queues import enqueue_on_commit

from .models import ApiKey, Language, Membership, Notification, Organisation, Profile, Role
from .permissions import Actor, require_org_role, written_by
from .selectors import user_language

KEY_PREFIX = "mua"
# last_used_at is a hint for humans; writing it on every request would turn each read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)
# Named by path, as campaigns names its jobs: accounts.jobs imports this module.
NOTIFICATION_EMAIL_JOB = "accounts.jobs.notification_email"


def secret_hash(secret: str) -> str:
    """SHA-256 of a high-entropy secret: how Mùa stores API keys and feed tokens (never the secret)."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class NewApiKey:
    api_key: ApiKey
    plaintext: str  # shown once, never stored


@actor_required
@transaction.atomic
def apikey_create(
    *, actor: Actor, organisation: Organisation, name: str, role: str = Role.EDITOR
) -> NewApiKey:
    """Issue a key for an organisation; only its admins (or a system actor: the admin site) may."""
    require_org_role(actor, organisation, Role.ADMIN)
    if role not in (Role.VIEWER, Role.EDITOR):
        raise DomainError(_("Khoá API chỉ mang vai trò Xem hoặc Biên tập."), field="role")
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    plaintext = f"{KEY_PREFIX}_{prefix}_{secret}"
    api_key = ApiKey.objects.create(
        organisation=organisation,
        name=name,
        prefix=prefix,
        key_hash=secret_hash(plaintext),
        role=role,
        **written_by(actor),
    )
    return NewApiKey(api_key=api_key, plaintext=plaintext)


@actor_required
@transaction.atomic
def apikey_revoke(*, actor: Actor, api_key: ApiKey) -> ApiKey:
    """Revoke a key at once; later requests with it get 401."""
    require_org_role(actor, api_key.organisation, Role.ADMIN)
    api_key.revoke()
    return api_key


def apikey_authenticate(*, plaintext: str) -> ApiKey:
    """Find the active key for a presented secret, or raise AuthenticationFailed saying why."""
    parts = plaintext.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        raise AuthenticationFailed(_("Khoá API không đúng định dạng (mua_<tiền tố>_<bí mật>)."))
    api_key = ApiKey.objects.select_related("organisation").filter(prefix=parts[1]).first()
    if api_key is None or not hmac.compare_digest(api_key.key_hash, secret_hash(plaintext.strip())):
        raise AuthenticationFailed(_("Khoá API không hợp lệ."))
    if api_key.revoked_at is not None:
        raise AuthenticationFailed(_("Khoá API đã bị thu hồi."))
    if not api_key.organisation.is_active:
        raise AuthenticationFailed(_("Tổ chức của khoá API không còn hoạt động."))
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at > LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now
    return api_key


@transaction.atomic
def membership_set(*, user, organisation: Organisation, role: str) -> Membership:
    """Give a user a role in an organisation (one membership per pair)."""
    membership, _created = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    return membership


Text = str | Callable[[], str]


def in_language_of(user, text: Text) -> str:
    """`text` in the language `user` chose (Vietnamese by default): a callable is called under that
    language, so `lambda: _("…%(x)s") % {...}` is translated for each recipient; a plain str is kept."""
    if not callable(text):
        return str(text)
    with translation.override(user_language(user=user) or settings.LANGUAGE_CODE):
        return str(text())


@transaction.atomic
def notification_send(
    *, users, verb: str, title: Text, body: Text = "", link: str = "", key: str | None = None
) -> list[Notification]:
    """Put a notification in each user's in-app list and email it once the transaction commits.

    `title` and `body` may be callables returning gettext'd text: each recipient then gets them (in the
    list and by email) in the language they chose. With a `key`, a user who already has a notification
    with that key gets nothing new (a retried job never notifies twice); only the notifications created
    now are returned and emailed.
    """
    recipients = {u.pk: u for u in users if u is not None}
    if key:
        already = set(
            Notification.objects.filter(key=key, user_id__in=recipients).values_list("user_id", flat=True)
        )
        recipients = {pk: u for pk, u in recipients.items() if pk not in already}
    created = [
        Notification.objects.create(
            user=u,
            verb=verb,
            title=in_language_of(u, title)[:300],
            body=in_language_of(u, body),
            link=link,
            key=key or "",
        )
        for u in recipients.values()
    ]
    for notification in created:
        if notification.user.email:
            enqueue_on_commit(NOTIFICATION_EMAIL_JOB, notification.pk)
    return created


def absolute_url(link: str) -> str:
    """A link of this site as an address a mail reader can open: MUA_BASE_URL + path (others unchanged)."""
    if not link.startswith("/") or link.startswith("//"):
        return link
    return settings.MUA_BASE_URL.rstrip("/") + link


def notification_email_text(notification: Notification) -> tuple[str, str]:
    """The email of a notification (subject, text) in its recipient's language: the notice as they
    received it, then absolute links to what it is about and to their notifications (MUA_BASE_URL)."""
    user = notification.user
    with translation.override(user_language(user=user) or settings.LANGUAGE_CODE):
        lines = [notification.body.strip()] if notification.body.strip() else []
        if notification.link:
            lines.append(_("Mở trong Mùa: %(url)s") % {"url": absolute_url(notification.link)})
        lines.append(
            _("Mọi thông báo của bạn: %(url)s") % {"url": absolute_url(reverse("content:notifications"))}
        )
        lines.append(_("Email này do Mùa gửi tự động; xin đừng trả lời."))
        return notification.title, "\n\n".join(lines)


def notification_email_send(*, notification_id: int) -> bool:
    """Email one notification to its recipient once (a retry after success sends nothing)."""
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or not notification.user.email or notification.emailed_at is not None:
        return False
    subject, body = notification_email_text(notification)
    send_mail(subject, body, None, [notification.user.email])
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True


@actor_required
@transaction.atomic
def notification_mark_read(*, actor: Actor, notification: Notification) -> Notification:
    """Only the recipient marks a notification read."""
    if actor.user is None or notification.user_id != actor.user.pk:
        raise PermissionDenied(_("Thông báo này không phải của bạn."))
    notification.mark_read()
    return notification


@actor_required
@transaction.atomic
def notification_group_mark_read(*, actor: Actor, notification: Notification) -> int:
    """Mark a line of the notifications page read: this notification and the others of its kind about the
    same thing (same verb and link), only the recipient's own. Returns how many were unread."""
    was_unread = notification.read_at is None
    notification_mark_read(actor=actor, notification=notification)
    others = Notification.objects.filter(
        user=actor.user, verb=notification.verb, link=notification.link, read_at__isnull=True
    ).update(read_at=timezone.now())
    return int(was_unread) + others


@actor_required
@transaction.atomic
def notification_mark_all_read(*, actor: Actor) -> int:
    """Mark every unread notification of the caller read (never anyone else's); returns how many."""
    if actor.user is None:
        raise PermissionDenied(_("Chỉ người dùng đã đăng nhập mới có thông báo."))
    return Notification.objects.filter(user=actor.user, read_at__isnull=True).update(read_at=timezone.now())


def profile_set_language(*, user, language: str) -> None:
    """Remember the interface language a signed-in person chose; every later sign-in opens in it."""
    if language not in Language.values:
        raise DomainError(_("Ngôn ngữ không được hỗ trợ."), field="language")
    Profile.objects.update_or_create(user=user, defaults={"language": language})
