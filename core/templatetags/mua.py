"""Template filters that show values the way people read them, in the active language.

`{% load mua %}` then `{{ blast.cost_vnd|vnd }}`, `{{ wave.week|week }}`, `{{ item.submitted_at|age }}`,
`{{ organisation|name }}`. The rules live in core/formatting.py; these are thin wrappers.
"""

from django import template

from core import formatting

register = template.Library()


@register.filter
def number(value, decimals=0):
    return formatting.format_number(value, int(decimals))


@register.filter
def percent(value, decimals=0):
    return formatting.format_percent(value, int(decimals))


@register.filter
def vnd(value):
    return formatting.format_vnd(value)


@register.filter
def week(value):
    return formatting.format_week(value)


@register.filter
def week_short(value):
    return formatting.format_week(value, with_days=False)


@register.filter
def day(value):
    return formatting.format_date(value)


@register.filter
def moment(value):
    return formatting.format_datetime(value)


@register.filter
def age(value):
    return formatting.format_age(value)


@register.filter
def name(value):
    return formatting.display_name(value)
