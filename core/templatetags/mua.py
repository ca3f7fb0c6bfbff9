"""Template filters for people-facing values, in the active language. `{% load mua %}`, then:
`{{ n|num }}`, `{{ price|money }}`, `{{ ratio|pct }}`, `{{ week|week }}`, `{{ "2026-01"|month }}`,
`{{ at|when }}`, `{{ day|day }}`, `{{ submitted_at|age }}` ("3 ngày 2 giờ"), `{{ created_at|ago }}`
("2 phút trước"), `{{ obj|label:"status" }}`, `{{ org|org }}` / `{{ product|name }}` (name_en in English).
The rules live in core/formatting.py; these are thin wrappers."""

from django import template

from core import formatting

register = template.Library()

register.filter("num", formatting.number)
register.filter("money", formatting.money)
register.filter("pct", formatting.percent)
register.filter("week", formatting.week_label)
register.filter("month", formatting.month_label)
register.filter("when", formatting.datetime)
register.filter("day", formatting.date)
register.filter("age", formatting.age)
register.filter("ago", formatting.ago)
register.filter("org", formatting.display_name)
register.filter("name", formatting.display_name)


@register.filter
def label(obj, field: str) -> str:
    return formatting.choice_label(obj, field)
