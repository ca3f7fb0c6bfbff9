"""The wave picker: wherever a person chooses a wave, they type part of its title, product, province or
dates and pick from the suggestions (one shared <datalist id="wave-choices">); nobody types a wave's
internal number. The form field turns the chosen label back into the wave."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Case, IntegerField, Q, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from calendars.models import Province
from core.formatting import display_name

from .models import Campaign, CampaignStatus
from .selectors import province_scope_q

PICKER_LIMIT = 500  # suggestions in the list; the field still accepts any wave's label it was given


def wave_label(wave: Campaign) -> str:
    """How a wave reads in the picker: title · product · province · harvest dates."""
    where = display_name(wave.province) if wave.province_id else _("Toàn quốc")
    product = display_name(wave.product) if wave.product_id else ""
    dates = f"{wave.harvest_start:%d/%m}–{wave.harvest_end:%d/%m/%Y}"
    return " · ".join(part for part in (wave.title, product, where, dates) if part)


def wave_choices(
    *,
    today: dt.date,
    since_days: int = 0,
    include: int | None = None,
    province: Province | None = None,
    limit: int = PICKER_LIMIT,
) -> list[tuple[int, str]]:
    """(id, label) of the waves one may choose: not cancelled, harvest not over more than `since_days`
    ago (0: still to come or running), plus the wave `include` (an item's current one) whatever its dates.
    That wave comes first, then those of `province` (a DIC's own, seen on its map) and the national ones,
    then the rest, each by preparation date. Labels are unique: a repeated one gets (2), (3)… appended."""
    keep = Q(harvest_end__gte=today - dt.timedelta(days=since_days)) & ~Q(status=CampaignStatus.CANCELLED)
    if include:
        keep |= Q(pk=include)
    near = (province_scope_q(province) | Q(province__isnull=True)) if province else Q(province__isnull=True)
    rank = Case(When(pk=include or 0, then=0), When(near, then=1), default=2, output_field=IntegerField())
    waves = (
        Campaign.objects.select_related("product", "province")
        .filter(keep)
        .order_by(rank, "prep_due", "title", "pk")
    )
    choices, seen = [], {}
    for wave in waves[:limit]:
        label = wave_label(wave)
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            label = f"{label} ({seen[label]})"
        choices.append((wave.pk, label))
    return choices


class WaveField(forms.Field):
    """A text box suggesting waves by label (the page renders the `wave-choices` datalist); cleans to the
    wave's id, or None when left empty. A label not in the suggestions is an error that says what to do."""

    default_error_messages = {
        "unknown": gettext_lazy(
            "Không tìm thấy đợt “%(value)s”. "
            "Hãy gõ tên, sản phẩm hoặc tỉnh rồi chọn một đợt trong danh sách gợi ý."
        )
    }

    def __init__(self, **kwargs):
        attrs = {"list": "wave-choices", "autocomplete": "off", "class": "wide", "maxlength": "400"}
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(**kwargs)
        self.choices: list[tuple[int, str]] = []

    def prepare_value(self, value):
        if isinstance(value, int):
            return dict(self.choices).get(value, "")
        return value

    def to_python(self, value):
        text = " ".join(str(value or "")[:400].split())
        if not text:
            return None
        by_label = {label: pk for pk, label in self.choices}
        if text in by_label:
            return by_label[text]
        raise forms.ValidationError(self.error_messages["unknown"], code="unknown", params={"value": text})
