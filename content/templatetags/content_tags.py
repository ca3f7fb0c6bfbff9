from django import template

from accounts.selectors import notification_unread_count
from content.models import ItemStatus

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    return notification_unread_count(user=getattr(request, "user", None))


@register.filter
def diff_class(line: str) -> str:
    if line.startswith(("+++", "---")):
        return "diff-file"
    if line.startswith("@@"):
        return "diff-hunk"
    if line.startswith("+"):
        return "diff-add"
    if line.startswith("-"):
        return "diff-del"
    return ""


@register.filter
def status_label(value: str) -> str:
    """The Vietnamese (or English) label of a stored item status."""
    return ItemStatus(value).label if value in ItemStatus.values else value
