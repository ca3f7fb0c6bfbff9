"""rq jobs of the accounts app."""

from django.core.mail import send_mail
from django.utils import timezone

from .models import Notification


def notification_email(notification_id: int) -> bool:
    """Email one in-app notification to its recipient once (a retry after success sends nothing)."""
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or not notification.user.email or notification.emailed_at is not None:
        return False
    body = notification.body
    if notification.link:
        body = f"{body}\n\n{notification.link}".strip()
    send_mail(notification.title, body, None, [notification.user.email])
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True
