"""What a Target may measure: a registry of metric catalogues, so the plan's indicators (an app above
reports) become targetable without reports importing them.

reports itself knows how to tally three metrics (counted press/TV publications, sales programmes, supplier
campaigns); those are also indicators of the plan's data. The plan app registers a catalogue of every
edition's indicator codes at start-up (plan.apps.PlanConfig.ready).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetMetric(models.TextChoices):
    """The metrics reports tallies itself; every indicator code of the plan is a metric too."""

    NEWS_ITEMS = "news_items", _("Tin, bài báo chí và truyền hình (đếm từ lần đăng phát)")
    SALES_PROGRAMMES = "sales_programmes", _("Chương trình bán hàng")
    SUPPLIER_CAMPAIGNS = "supplier_campaigns", _("Chiến dịch tiếp thị cho nhà cung cấp")


_CATALOGUES: list[Callable[[], dict[str, str]]] = []


def register_metric_catalogue(catalogue: Callable[[], dict[str, str]]) -> None:
    """`catalogue()` returns {metric code: label}; read at each use, so new rows count at once."""
    if catalogue not in _CATALOGUES:
        _CATALOGUES.append(catalogue)


def metric_choices() -> dict[str, str]:
    """Every metric a Target may name: reports' own, then each registered catalogue's (its labels win)."""
    choices = {m.value: str(m.label) for m in TargetMetric}
    for catalogue in _CATALOGUES:
        choices.update(catalogue())
    return choices


def metric_label(code: str) -> str:
    return metric_choices().get(code, code)
