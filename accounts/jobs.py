"""rq jobs of the accounts app."""

from django.core.mail import send_mail

from .models import Notification


def notification_email(notification_id: int) -> bool:
    """Email one in-app notification to its recipient (Django's email backend)."""
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or not notification.user.email:
        return False
    body = notification.body
    if notification.link:
        body = f"{body}\n\n{notification.link}".strip()
    send_mail(notification.title, body, None, [notification.user.email])
    return True
