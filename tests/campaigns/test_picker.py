"""The wave picker's suggestions and field: labels a person can search, the DIC's own waves first, an
item's current wave kept, a number or an unknown label refused."""

import datetime as dt

import pytest
from django import forms

from campaigns.picker import WaveField, wave_choices, wave_label
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 5, 1)


def test_labels_name_title_product_province_and_dates():
    wave = factories.campaign(province_code="24", title="Vải sớm", harvest_start=dt.date(2026, 6, 1))
    assert wave_label(wave) == "Vải sớm · Bắc Giang · 01/06–01/07/2026"
    national = factories.campaign(province_code=None, title="Tuần lễ nông sản", harvest_start=TODAY)
    assert "Toàn quốc" in wave_label(national)


def test_the_dics_province_and_national_waves_come_first_and_an_items_wave_before_all():
    other = factories.campaign(province_code="01", title="Bưởi", harvest_start=dt.date(2026, 5, 10))
    mine = factories.campaign(province_code="24", title="Vải", harvest_start=dt.date(2026, 7, 1))
    national = factories.campaign(province_code=None, title="Toàn quốc", harvest_start=dt.date(2026, 8, 1))
    over = factories.campaign(province_code="01", title="Đã qua", harvest_start=dt.date(2025, 6, 1))
    ids = [pk for pk, _label in wave_choices(today=TODAY, province=factories.province("24"))]
    assert ids == [mine.pk, national.pk, other.pk]
    kept = [pk for pk, _label in wave_choices(today=TODAY, include=over.pk, limit=1)]
    assert kept == [over.pk]
    assert over.pk in [pk for pk, _ in wave_choices(today=TODAY, since_days=400)]


def test_the_field_takes_a_label_and_refuses_a_number_or_an_unknown_label():
    wave = factories.campaign(province_code="24", title="Na", harvest_start=dt.date(2026, 8, 1))
    field = WaveField(required=False)
    field.choices = wave_choices(today=TODAY)
    assert field.clean(f"  {wave_label(wave)} ") == wave.pk
    assert field.clean("") is None
    for bad in (str(wave.pk), "Na"):
        with pytest.raises(forms.ValidationError):
            field.clean(bad)
    assert field.prepare_value(wave.pk) == wave_label(wave)
