import pytest
from django.core.management import call_command

from calendars.models import Product, Province, Season
from calendars.reference import load_provinces, load_seasons

pytestmark = pytest.mark.django_db


def test_both_maps_are_loaded_by_migration():
    assert Province.objects.filter(map="2022").count() == 63
    assert Province.objects.filter(map="2025").count() == 34


def test_every_old_province_has_a_successor_unit():
    old = Province.objects.filter(map="2022")
    assert not old.filter(successor__isnull=True).exists()
    assert set(old.values_list("successor__map", flat=True)) == {"2025"}
    assert Province.objects.get(map="2022", code="02").successor.name == "Tuyên Quang"
    assert Province.objects.get(map="2022", code="30").successor.name == "Hải Phòng"


def test_eleven_unchanged_units_keep_their_code():
    unchanged = [u for u in Province.objects.filter(map="2025") if u.predecessors.count() == 1]
    assert len(unchanged) == 11
    for unit in unchanged:
        assert unit.predecessors.get().code == unit.code
    assert {u.code for u in unchanged} >= {"01", "04", "11", "12", "14", "20", "22", "38", "40", "42", "46"}


def test_units_validity_dates():
    import datetime

    hanoi_old = Province.objects.get(map="2022", code="01")
    hanoi_new = Province.objects.get(map="2025", code="01")
    assert hanoi_old.is_active_on(datetime.date(2025, 6, 30)) and not hanoi_old.is_active_on(
        datetime.date(2025, 7, 1)
    )
    assert hanoi_new.is_active_on(datetime.date(2025, 7, 1)) and not hanoi_new.is_active_on(
        datetime.date(2025, 6, 30)
    )


def test_seasons_are_loaded_with_lunar_and_wrapping_windows():
    assert Season.objects.count() == 78
    assert Product.objects.count() == 78
    longan = Season.objects.get(product__name="Nhãn lồng Hưng Yên")
    assert (longan.calendar, longan.calendar_note) == ("lunar", "lunar 6-7")
    pomelo = Season.objects.get(product__name="Bưởi Diễn")
    assert pomelo.wraps_year and pomelo.months == [11, 12, 1]
    coconut = Season.objects.get(product__name="Dừa Bến Tre")
    assert coconut.calendar == "year_round" and not coconut.verified
    assert Season.objects.filter(verified=False).count() == 45


def test_loading_again_changes_nothing(capsys):
    assert load_provinces(Province).created == 0
    result = load_seasons(Product, Season, Province)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 78)
    call_command("load_reference")
    assert "provinces: 0 created, 0 updated, 97 unchanged" in capsys.readouterr().out


def test_a_changed_fact_is_updated_in_place():
    season = Season.objects.get(product__name="Xoài Yên Châu")
    season.peak = "changed by hand"
    season.save()
    result = load_seasons(Product, Season, Province)
    assert result.updated == 1
    season.refresh_from_db()
    assert season.peak == ""


def test_every_one_of_the_63_provinces_has_a_sourced_season():
    """Issue 17: the produce calendar covers the whole country, each row naming its source."""
    old = Province.objects.filter(map="2022")
    assert set(old.values_list("code", flat=True)) == set(
        Season.objects.values_list("province__code", flat=True)
    )
    assert not Season.objects.filter(source="").exists()
    assert Province.objects.filter(map="2025").count() == len(
        set(Season.objects.values_list("province__successor", flat=True))
    )


def test_the_known_data_errors_are_fixed():
    longan = Season.objects.get(product__name="Nhãn lồng Hưng Yên")
    assert (longan.start_month, longan.end_month, longan.calendar_note) == (7, 8, "lunar 6-7")
    coffee = Season.objects.get(product__name="Cà phê Đắk Lắk")
    assert 1 in coffee.months and coffee.months[0] == 11
    pomelo_provinces = set(
        Season.objects.filter(product__name__icontains="năm roi").values_list("province__name", flat=True)
    )
    assert pomelo_provinces == {"Hậu Giang", "Vĩnh Long"}
    assert Season.objects.filter(product__name__icontains="năm roi", calendar="year_round").count() == 2


def test_produce_words_and_their_aliases_are_reference_data():
    """Feed matching reads its produce words from calendars/data/produce_terms.csv, not from code."""
    from calendars.reference import produce_vocabulary

    vocabulary = produce_vocabulary()
    assert vocabulary.terms.index("vải thiều") < vocabulary.terms.index("vải")  # longest first
    assert vocabulary.aliases["chè"] == ("trà",)
    assert {"cam", "tra", "nho"} <= vocabulary.marks_required and "xoai" not in vocabulary.marks_required
