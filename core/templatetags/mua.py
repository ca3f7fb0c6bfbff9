"""Template filters for people-facing values: `{% load mua %}` then `{{ n|num }}`, `{{ price|money }}`,
`{{ week|week }}`, `{{ at|when }}`, `{{ day|day }}`, `{{ obj|label:"status" }}`, `{{ org|org }}`."""

from django import template

from core import formatting

register = template.Library()

register.filter("num", formatting.number)
register.filter("money", formatting.money)
register.filter("pct", formatting.percent)
register.filter("week", formatting.week_label)
register.filter("when", formatting.datetime)
register.filter("day", formatting.date)
register.filter("org", formatting.organisation_name)


@register.filter
def label(obj, field: str) -> str:
    return formatting.choice_label(obj, field)


register.filter("age", formatting.age)
