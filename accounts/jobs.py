"""rq jobs of the accounts app (module-level functions taking ids; each calls one service)."""

from .services import notification_email_send


def notification_email(notification_id: int) -> bool:
    """Email one in-app notification to its recipient once (a retry after success sends nothing)."""
    return notification_email_send(notification_id=notification_id)
