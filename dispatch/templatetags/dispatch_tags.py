from django import template

from dispatch.models import ContactKind

register = template.Library()


@register.filter
def contact_kinds(codes) -> str:
    """An audience's contact kinds by their labels ("Hộ sản xuất nông nghiệp, Hợp tác xã"), never codes."""
    labels = dict(ContactKind.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes or []) or "–"
