import datetime as dt

import pytest
from icalendar import Calendar

from campaigns.tokens import calendar_token_create
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def token():
    return calendar_token_create(actor=factories.SYSTEM, organisation=factories.dic("24"), name="lịch").token


def events(response) -> dict[str, object]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    # The waves' events only; the plan's milestones ride along (see the milestone test below).
    return {str(e["uid"]): e for e in cal.walk("VEVENT") if str(e["uid"]).startswith("mua-campaign-")}


def test_a_province_feed_has_each_wave_s_harvest_window_and_prep_event_with_an_alarm(client, token):
    wave = factories.campaign(
        province_code="24", harvest_start=dt.date(2026, 6, 1), harvest_end=dt.date(2026, 7, 31)
    )
    factories.campaign(province_code="01")  # another province: not in this feed
    national = factories.campaign(province_code=None, harvest_start=dt.date(2026, 10, 1))
    found = events(client.get(f"/campaigns/ical/{token}/2022/24.ics"))
    assert set(found) == {
        f"mua-campaign-{wave.pk}-harvest@mua.1034",
        f"mua-campaign-{wave.pk}-prep@mua.1034",
        f"mua-campaign-{national.pk}-harvest@mua.1034",
        f"mua-campaign-{national.pk}-prep@mua.1034",
    }
    harvest = found[f"mua-campaign-{wave.pk}-harvest@mua.1034"]
    assert harvest.decoded("dtstart") == dt.date(2026, 6, 1)
    assert harvest.decoded("dtend") == dt.date(2026, 8, 1)  # exclusive end of an all-day event
    assert "Bắc Giang" in str(harvest["summary"])
    prep = found[f"mua-campaign-{wave.pk}-prep@mua.1034"]
    assert prep.decoded("dtstart") == dt.date(2026, 5, 2)
    (alarm,) = prep.walk("VALARM")
    assert alarm.decoded("trigger") == -dt.timedelta(days=1)


def test_the_2025_map_feed_includes_the_merged_old_provinces(client, token):
    wave = factories.campaign(province_code="24")
    unit = wave.province.successor
    found = events(client.get(f"/campaigns/ical/{token}/2025/{unit.code}.ics"))
    assert f"mua-campaign-{wave.pk}-harvest@mua.1034" in found


def test_the_national_feed_has_every_wave(client, token):
    waves = [factories.campaign(province_code=code) for code in ("24", "01", "96")]
    found = events(client.get(f"/campaigns/ical/{token}/national.ics"))
    assert {f"mua-campaign-{w.pk}-harvest@mua.1034" for w in waves} <= set(found)
    assert len(found) == 6


def test_a_cancelled_wave_is_marked_cancelled_in_the_feed(client, token):
    wave = factories.campaign(status="cancelled")
    found = events(client.get(f"/campaigns/ical/{token}/national.ics"))
    assert str(found[f"mua-campaign-{wave.pk}-harvest@mua.1034"]["status"]) == "CANCELLED"


def test_a_wrong_token_or_unknown_province_is_404(client, token):
    assert client.get("/campaigns/ical/nope/national.ics").status_code == 404
    assert client.get(f"/campaigns/ical/{token}/2022/99.ics").status_code == 404


def test_the_plan_s_milestones_are_in_the_feeds(client, token):
    """Issue 17: the 2022 plan's dated tasks, each over its ISO weeks, with the owner in the description."""
    cal = Calendar.from_ical(client.get(f"/campaigns/ical/{token}/2022/24.ics").content)
    milestones = [e for e in cal.walk("VEVENT") if str(e["uid"]).startswith("mua-milestone-")]
    flagship = next(e for e in milestones if "3–10 sản phẩm" in str(e["summary"]))
    assert flagship.decoded("dtend") == dt.date(2022, 3, 7)  # the Sunday of 2022-W09, exclusive
    assert "Sở TTTT" in str(flagship["description"])
    national = Calendar.from_ical(client.get(f"/campaigns/ical/{token}/national.ics").content)
    assert len([e for e in national.walk("VEVENT") if str(e["uid"]).startswith("mua-milestone-")]) == 14
