"""Counted beside reported wherever a weekly figure appears, under every dashboard filter: year,
organisation, province (either map) and channel; the gap drills down to each organisation."""

import datetime as dt
import re

import pytest
from django.test import Client

from accounts.models import OrganisationKind, Role
from calendars.weeks import LOCAL_TZ, IsoWeek
from reports.services import report_file
from tests import factories

pytestmark = pytest.mark.django_db

W09 = IsoWeek(2022, 9)
WHEN = dt.datetime(2022, 3, 2, 9, tzinfo=LOCAL_TZ)


def _file(org, **figures):
    on_time = org.reporting_obligation.due_at(W09) - dt.timedelta(hours=3)
    report_file(actor=factories.SYSTEM, organisation=org, week=str(W09), figures=figures, now=on_time)


@pytest.fixture
def week():
    """VNPost files 4 press articles and 2 TV spots, Bắc Giang's DIC 1 press article; recorded: two of
    VNPost's (press, TV) and one of the DIC's (press)."""
    firm = factories.reporting_org(code="vnpost")
    dic = factories.reporting_org(OrganisationKind.DIC, province_code="24")
    _file(firm, press_articles=4, tv_spots=2)
    _file(dic, press_articles=1)
    for org, channel in ((firm, "press_online"), (firm, "tv_central"), (dic, "press_online")):
        factories.publication(factories.approved_item(org=org, channel=channel), WHEN)
    return {"firm": firm, "dic": dic}


@pytest.fixture
def national():
    client = Client()
    client.force_login(factories.user(org=factories.postal_department(), role=Role.VIEWER))
    return client


def figures(html: str) -> tuple[str, str, str]:
    found = [
        re.search(rf'id="{name}">([^<]*)<', html)[1]
        for name in ("total-counted", "total-reported", "total-gap")
    ]
    return tuple(found)


def test_counted_and_reported_side_by_side_with_the_explanation(week, national):
    html = national.get("/reports/", {"year": 2022}).content.decode()
    assert figures(html) == ("3", "7", "4")
    assert "Đếm được" in html and "Đơn vị báo cáo" in html and 'id="counted-explanation"' in html
    # Each week's row: counted, reported, and the gap linked to the week's drill-down.
    row = re.search(r'<tr id="week-2022-W09">.*?</tr>', html, re.S)[0]
    assert re.findall(r'<td class="num">(?:<a [^>]*>)?([^<]*)', row)[:3] == ["3", "7", "4"]
    assert "/reports/weeks/2022-W09/?year=2022#gap" in row
    # The chart marks what was reported beside each counted bar.
    assert 'data-week="2022-W09" data-reported="7"' in html


def test_a_channel_counts_its_publications_beside_the_figure_it_is_reported_under(week, national):
    tv = national.get("/reports/", {"year": 2022, "channel": "tv_central"}).content.decode()
    assert figures(tv) == ("1", "2", "1")
    press = national.get("/reports/", {"year": 2022, "channel": "press_online"}).content.decode()
    assert figures(press) == ("2", "5", "3")
    assert national.get("/reports/", {"year": 2022, "channel": "sms"}).status_code == 404


def test_an_organisation_s_own_figures_are_not_judged_against_the_national_target(week, national):
    html = national.get("/reports/", {"year": 2022, "org": "vnpost"}).content.decode()
    assert figures(html) == ("2", "6", "4")
    assert 'id="weeks-met">–<' in html
    assert "cell-vnpost-2022-W09" in html and f"cell-{week['dic'].code}-" not in html


def test_a_province_filters_on_either_map(week, national):
    bac_giang = week["dic"].province
    for province in (bac_giang, bac_giang.successor):
        html = national.get("/reports/", {"year": 2022, "province": province.pk}).content.decode()
        assert figures(html) == ("1", "1", "0"), province
        assert f"cell-{week['dic'].code}-2022-W09" in html and "cell-vnpost-" not in html
    assert national.get("/reports/", {"year": 2022, "province": 999999}).status_code == 404


def test_filters_fail_closed_on_organisations_the_viewer_may_not_read(week):
    client = Client()
    client.force_login(factories.user(org=week["firm"], role=Role.VIEWER))
    assert client.get("/reports/", {"year": 2022, "org": week["dic"].code}).status_code == 404
    assert client.get("/reports/weeks/2022-W09/", {"org": week["dic"].code}).status_code == 404
    assert client.get("/reports/", {"year": 2022, "org": "vnpost"}).status_code == 200


def test_the_week_page_drills_the_gap_down_to_each_organisation(week, national):
    html = national.get("/reports/weeks/2022-W09/").content.decode()
    assert 'id="week-counted">3<' in html and 'id="week-reported">7<' in html and 'id="week-gap">4<' in html
    table = re.search(r'<table id="org-gap">.*?</table>', html, re.S)[0]
    rows = re.findall(r"<tr[^>]*><th scope=\"row\">([^<]*)</th>((?:<td[^>]*>[^<]*</td>)+)</tr>", table)
    cells = {name: re.findall(r">([^<]*)</td>", tds) for name, tds in rows}
    assert cells[week["firm"].name] == ["6", "2", "4"]
    assert cells[week["dic"].name] == ["1", "1", "0"]
    tv = national.get("/reports/weeks/2022-W09/", {"channel": "tv_central"}).content.decode()
    assert 'id="week-counted">1<' in tv and 'id="week-reported">2<' in tv


def test_the_export_follows_the_filters_with_the_same_words(week, national):
    body = national.get("/reports/export.csv", {"year": 2022, "channel": "tv_central"}).content.decode(
        "utf-8-sig"
    )
    lines = body.splitlines()
    assert lines[0].startswith("Tuần,Đếm được,Đơn vị báo cáo,Chênh lệch,")
    assert any(line.startswith("Tuần 9/2022 (28/2–6/3),1,2,1,") for line in lines)


def test_the_api_gives_reported_beside_counted_under_the_same_filters(week):
    client = factories.ApiClient(factories.api_key(factories.postal_department()))
    url = "/api/v1/reports/tally/weeks"
    (row,) = client.get(url, {"first": "2022-W09", "last": "2022-W09"}).json()
    assert (row["counted"], row["reported"], row["gap"]) == (3, 7, 4)
    (row,) = client.get(url, {"first": "2022-W09", "last": "2022-W09", "channel": "tv_central"}).json()
    assert (row["counted"], row["reported"]) == (1, 2)
    (row,) = client.get(url, {"first": "2022-W09", "last": "2022-W09", "org": "vnpost"}).json()
    assert (row["counted"], row["reported"], row["target"]) == (2, 6, None)
    assert client.get(url, {"first": "2022-W09", "last": "2022-W09", "channel": "sms"}).status_code == 404


def test_the_dashboard_reads_in_english_with_the_same_words(week):
    client = Client()
    user = factories.user(org=factories.postal_department(), role=Role.VIEWER)
    from accounts.services import profile_set_language

    profile_set_language(user=user, language="en")
    client.force_login(user)
    html = client.get("/reports/", {"year": 2022}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Counted" in html and "Reported by organisations" in html and "judged on “Counted”" in html
