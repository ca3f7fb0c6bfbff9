"""Template filters for people-facing values. `{% load mua %}`, then:
`{{ n|num }}`, `{{ price|money }}`, `{{ week|week }}`, `{{ "2026-01"|month }}`, `{{ at|when }}`,
`{{ day|day }}`, `{{ submitted_at|age }}`, `{{ obj|label:"status" }}`, `{{ org|org }}`."""

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
register.filter("org", formatting.organisation_name)


@register.filter
def label(obj, field: str) -> str:
    return formatting.choice_label(obj, field)
