from django import template

register = template.Library()


@register.filter
def vnd(value) -> str:
    """1234567 -> '1.234.567' (Vietnamese thousands separator), without depending on the active locale."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return ""
