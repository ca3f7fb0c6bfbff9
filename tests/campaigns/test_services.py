import datetime as dt

import pytest

from accounts.models import Notification
from calendars.models import Season
from campaigns.models import Campaign, CampaignStatusError
from campaigns.notices import notification_send_prep_due
from campaigns.services import (
    campaign_advance_due,
    campaign_cancel,
    campaign_create,
    campaign_plan_year,
    campaign_update,
)
from campaigns.tokens import calendar_token_authenticate, calendar_token_create, calendar_token_revoke
from core.errors import DomainError, NotFound, PermissionDenied
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def bac_giang_editor():
    org = factories.dic("24")
    return factories.actor(factories.user(org=org, role="editor", email="bg@example.vn")), org


@pytest.fixture
def working_group_editor():
    org = factories.national()
    return factories.actor(factories.user(org=org, role="editor")), org


def expected_wave_count() -> int:
    return sum(4 if s.calendar == "year_round" else 1 for s in Season.objects.all())


# Planning a year -------------------------------------------------------------------------------------------


def test_planning_2022_creates_a_wave_for_every_season_and_a_rerun_creates_none():
    first = campaign_plan_year(actor=factories.SYSTEM, year=2022)
    assert len(first.created) == expected_wave_count() == Campaign.objects.count()
    assert set(Campaign.objects.values_list("season_id", flat=True)) == set(
        Season.objects.values_list("pk", flat=True)
    )
    second = campaign_plan_year(actor=factories.SYSTEM, year=2022)
    assert (len(second.created), second.unchanged) == (0, expected_wave_count())
    assert Campaign.objects.count() == expected_wave_count()


def test_planned_waves_have_the_season_s_dates_owner_and_a_month_of_lead_time():
    dic = factories.dic("24")
    campaign_plan_year(actor=factories.SYSTEM, year=2022)
    wave = Campaign.objects.get(season=factories.season("Vải thiều Lục Ngạn", "24"), year=2022)
    assert (wave.harvest_start, wave.harvest_end, wave.prep_due) == (
        dt.date(2022, 6, 1),
        dt.date(2022, 7, 31),
        dt.date(2022, 5, 2),
    )
    assert wave.organisation == dic and wave.origin == "plan" and wave.status == "planned"
    longan = Campaign.objects.get(season=factories.season("Nhãn lồng Hưng Yên", "33"), year=2022)
    assert (longan.harvest_start, longan.harvest_end) == (dt.date(2022, 6, 29), dt.date(2022, 8, 26))


def test_a_manual_change_survives_a_second_planning_run(bac_giang_editor):
    actor, _ = bac_giang_editor
    campaign_plan_year(actor=factories.SYSTEM, year=2026)
    wave = Campaign.objects.get(season=factories.season("Vải thiều Lục Ngạn", "24"), year=2026)
    campaign_update(actor=actor, campaign=wave, harvest_start=dt.date(2026, 6, 10), notes="lùi 10 ngày")
    result = campaign_plan_year(actor=factories.SYSTEM, year=2026)
    assert result.created == []
    wave.refresh_from_db()
    assert (wave.harvest_start, wave.notes, wave.prep_due) == (
        dt.date(2026, 6, 10),
        "lùi 10 ngày",
        dt.date(2026, 5, 11),
    )


def test_a_cancelled_planned_wave_is_not_planned_again(working_group_editor):
    actor, _ = working_group_editor
    campaign_plan_year(actor=factories.SYSTEM, year=2026)
    wave = Campaign.objects.filter(year=2026).first()
    campaign_cancel(actor=actor, campaign=wave, reason="không có sản lượng")
    assert campaign_plan_year(actor=factories.SYSTEM, year=2026).created == []
    assert Campaign.objects.filter(season=wave.season, year=2026, slot=wave.slot).count() == 1


@pytest.mark.parametrize("year", [1999, 2101])
def test_planning_a_year_outside_2000_to_2100_is_refused(year):
    with pytest.raises(DomainError, match="2000–2100") as info:
        campaign_plan_year(actor=factories.SYSTEM, year=year)
    assert info.value.field == "year"
    assert Campaign.objects.count() == 0


def test_only_national_editors_plan_the_whole_year(bac_giang_editor, working_group_editor):
    dic_actor, _ = bac_giang_editor
    with pytest.raises(PermissionDenied, match="Tổ công tác"):
        campaign_plan_year(actor=dic_actor, year=2026)
    assert Campaign.objects.count() == 0
    wg_actor, _ = working_group_editor
    assert len(campaign_plan_year(actor=wg_actor, year=2026).created) == expected_wave_count()


def test_a_dic_plans_its_own_province_but_not_another(bac_giang_editor):
    dic_actor, _ = bac_giang_editor
    result = campaign_plan_year(actor=dic_actor, year=2026, province=factories.province("24"))
    assert result.created and {w.province.code for w in result.created} == {"24"}
    with pytest.raises(PermissionDenied, match="Hà Nội"):
        campaign_plan_year(actor=dic_actor, year=2026, province=factories.province("01"))


def test_planning_one_province_on_the_2025_map_covers_its_old_provinces():
    unit = factories.province("24", "2022").successor
    result = campaign_plan_year(actor=factories.SYSTEM, year=2026, province=unit)
    assert result.created
    assert {w.province.successor_id for w in result.created} == {unit.pk}


# Scheduling by hand ----------------------------------------------------------------------------------------


def test_a_dic_editor_schedules_an_ad_hoc_wave_in_its_own_province(bac_giang_editor):
    actor, org = bac_giang_editor
    result = campaign_create(
        actor=actor,
        title="Giải cứu vải",
        kind="glut",
        province=factories.province("24"),
        harvest_start=dt.date(2030, 6, 1),
        harvest_end=dt.date(2030, 6, 20),
        lead_time_days=7,
        channels=["press", "sms"],
    )
    wave = result.campaign
    assert (wave.organisation, wave.prep_due, wave.season, wave.origin) == (
        org,
        dt.date(2030, 5, 25),
        None,
        "manual",
    )
    assert wave.channels == ["press", "sms"] and wave.audiences == ["farm_households", "domestic_consumers"]
    assert result.warnings == []


def test_a_dic_editor_cannot_schedule_another_province(bac_giang_editor):
    actor, _ = bac_giang_editor
    with pytest.raises(PermissionDenied, match="Hà Nội"):
        campaign_create(
            actor=actor,
            title="x",
            province=factories.province("01"),
            harvest_start=dt.date(2030, 6, 1),
            harvest_end=dt.date(2030, 6, 2),
        )
    assert Campaign.objects.count() == 0


def test_a_dic_cannot_touch_another_province_s_wave(bac_giang_editor):
    actor, _ = bac_giang_editor
    hanoi = factories.campaign(province_code="01")
    with pytest.raises(PermissionDenied):
        campaign_update(actor=actor, campaign=hanoi, title="mine now")
    with pytest.raises(PermissionDenied):
        campaign_cancel(actor=actor, campaign=hanoi, reason="no")
    hanoi.refresh_from_db()
    assert hanoi.status == "planned"


def test_national_waves_belong_to_the_working_group_and_dics_cannot_make_them(
    bac_giang_editor, working_group_editor
):
    wg_actor, wg = working_group_editor
    wave = campaign_create(
        actor=wg_actor,
        title="Tuần lễ nông sản",
        kind="sales_event",
        harvest_start=dt.date(2030, 10, 1),
        harvest_end=dt.date(2030, 10, 7),
    ).campaign
    assert wave.is_national and wave.organisation == wg
    dic_actor, _ = bac_giang_editor
    with pytest.raises(PermissionDenied):
        campaign_create(
            actor=dic_actor, title="x", harvest_start=dt.date(2030, 1, 5), harvest_end=dt.date(2030, 1, 6)
        )


def test_a_viewer_of_the_dic_cannot_schedule():
    viewer = factories.actor(factories.user(org=factories.dic("24"), role="viewer"))
    with pytest.raises(PermissionDenied, match="Bắc Giang"):
        campaign_create(
            actor=viewer,
            title="x",
            province=factories.province("24"),
            harvest_start=dt.date(2030, 6, 1),
            harvest_end=dt.date(2030, 6, 2),
        )


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"harvest_end": dt.date(2030, 5, 1)}, "harvest_end", "trước ngày bắt đầu"),
        ({"lead_time_days": 181}, "lead_time_days", "0 đến 180"),
        ({"lead_time_days": -1}, "lead_time_days", "0 đến 180"),
        ({"channels": ["press", "fax"]}, "channels", "fax"),
        ({"audiences": ["aliens"]}, "audiences", "aliens"),
        ({"title": " "}, "title", "tên đợt"),
        ({"kind": "party"}, "kind", "party"),
        ({"news_per_week": 1000}, "news_per_week", "0 đến 100"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(bac_giang_editor, changes, field, message):
    actor, _ = bac_giang_editor
    args = {
        "title": "Đợt",
        "province": factories.province("24"),
        "harvest_start": dt.date(2030, 6, 1),
        "harvest_end": dt.date(2030, 6, 30),
    } | changes
    with pytest.raises(DomainError, match=message) as info:
        campaign_create(actor=actor, **args)
    assert info.value.field == field
    assert Campaign.objects.count() == 0


def test_a_season_from_another_province_is_refused(bac_giang_editor):
    actor, _ = bac_giang_editor
    with pytest.raises(DomainError, match="không thuộc") as info:
        campaign_create(
            actor=actor,
            title="x",
            province=factories.province("24"),
            season=factories.season("Cua Cà Mau", "96"),
            harvest_start=dt.date(2030, 6, 1),
            harvest_end=dt.date(2030, 6, 2),
        )
    assert info.value.field == "season_id"


def test_rescheduling_moves_prep_due_and_a_bad_reschedule_changes_nothing(bac_giang_editor):
    actor, _ = bac_giang_editor
    wave = factories.campaign(harvest_start=dt.date(2030, 6, 1), harvest_end=dt.date(2030, 6, 30))
    campaign_update(actor=actor, campaign=wave, harvest_start=dt.date(2030, 6, 15), lead_time_days=45)
    wave.refresh_from_db()
    assert (wave.prep_due, wave.lead_time_days) == (dt.date(2030, 5, 1), 45)
    with pytest.raises(DomainError, match="trước ngày bắt đầu"):
        campaign_update(actor=actor, campaign=wave, harvest_start=dt.date(2030, 7, 15), notes="changed")
    wave.refresh_from_db()
    assert (wave.harvest_start, wave.notes) == (dt.date(2030, 6, 15), "")


@pytest.mark.parametrize("status", ["closed", "cancelled"])
def test_closed_or_cancelled_waves_cannot_be_edited(bac_giang_editor, status):
    actor, _ = bac_giang_editor
    wave = factories.campaign(status=status)
    with pytest.raises(CampaignStatusError, match="không sửa được") as info:
        campaign_update(actor=actor, campaign=wave, title="new")
    assert info.value.field == "status" and info.value.status_code == 409


def test_the_postal_department_may_edit_any_province(bac_giang_editor):
    vbc = factories.national("postal_department")
    actor = factories.actor(factories.user(org=vbc, role="approver"))
    wave = factories.campaign(province_code="01")
    assert campaign_update(actor=actor, campaign=wave, notes="ok").campaign.notes == "ok"


# Warnings, not blocks ---------------------------------------------------------------------------------------


def _create(actor, start, end=None, province="24"):
    return campaign_create(
        actor=actor,
        title="Đợt",
        province=factories.province(province),
        harvest_start=start,
        harvest_end=end or start + dt.timedelta(days=10),
    )


def test_a_wave_whose_prep_window_has_passed_is_saved_with_a_warning(bac_giang_editor, settings):
    actor, _ = bac_giang_editor
    soon = dt.date.today() + dt.timedelta(days=5)
    result = _create(actor, soon)
    # No approved content yet either, so the wave is also at risk (issue 4).
    assert [w.code for w in result.warnings] == ["prep_window_passed", "at_risk"]
    assert Campaign.objects.filter(pk=result.campaign.pk).exists()


def test_a_harvest_start_in_the_tet_week_warns(bac_giang_editor):
    actor, _ = bac_giang_editor
    assert "tet_week" in [w.code for w in _create(actor, dt.date(2030, 2, 4)).warnings]  # Tết 2030 = 3 Feb
    assert "tet_week" not in [w.code for w in _create(actor, dt.date(2030, 2, 20)).warnings]


def test_more_than_three_overlapping_waves_in_a_province_warn(bac_giang_editor):
    actor, _ = bac_giang_editor
    start = dt.date(2030, 8, 1)
    codes = [[w.code for w in _create(actor, start).warnings] for _ in range(4)]
    assert codes[:3] == [[], [], []]
    assert codes[3] == ["too_many_overlapping"]


def test_cancelled_waves_do_not_count_as_overlapping(bac_giang_editor):
    actor, _ = bac_giang_editor
    start = dt.date(2030, 8, 1)
    for _ in range(3):
        _create(actor, start)
    Campaign.objects.first().cancel("bão")
    factories.campaign(province_code="01", harvest_start=start)
    assert _create(actor, start).warnings == []


# The daily advance -----------------------------------------------------------------------------------------


def test_the_daily_advance_moves_exactly_the_waves_that_are_due(django_capture_on_commit_callbacks):
    today = dt.date(2026, 5, 10)
    due = factories.campaign(harvest_start=dt.date(2026, 6, 9))  # prep_due 2026-05-10: today
    not_yet = factories.campaign(harvest_start=dt.date(2026, 6, 10))  # prep_due tomorrow
    starting = factories.campaign(harvest_start=today, status="ready")
    preparing_started = factories.campaign(harvest_start=dt.date(2026, 5, 1), status="preparing")
    ended = factories.campaign(
        harvest_start=dt.date(2026, 4, 1), harvest_end=dt.date(2026, 5, 9), status="live"
    )
    running = factories.campaign(harvest_start=dt.date(2026, 4, 1), harvest_end=today, status="live")
    cancelled = factories.campaign(harvest_start=dt.date(2026, 5, 1), status="cancelled")
    with django_capture_on_commit_callbacks():
        result = campaign_advance_due(today=today)
    assert result.preparing == [due.pk]
    assert sorted(result.live) == sorted([starting.pk, preparing_started.pk])
    assert result.closed == [ended.pk]
    statuses = {w.pk: w.status for w in Campaign.objects.all()}
    assert statuses == {
        due.pk: "preparing",
        not_yet.pk: "planned",
        starting.pk: "live",
        preparing_started.pk: "live",
        ended.pk: "closed",
        running.pk: "live",
        cancelled.pk: "cancelled",
    }


def test_running_the_advance_twice_on_one_day_changes_nothing_the_second_time(
    django_capture_on_commit_callbacks,
):
    today = dt.date(2026, 5, 10)
    factories.campaign(harvest_start=dt.date(2026, 6, 1))
    factories.campaign(harvest_start=dt.date(2026, 5, 1), status="preparing")
    with django_capture_on_commit_callbacks():
        assert campaign_advance_due(today=today).changed == 2
    before = list(Campaign.objects.values_list("pk", "status", "status_changed_at"))
    with django_capture_on_commit_callbacks() as callbacks:
        assert campaign_advance_due(today=today).changed == 0
    assert callbacks == []
    assert list(Campaign.objects.values_list("pk", "status", "status_changed_at")) == before


def test_a_past_wave_catches_up_to_closed_without_a_prepare_notice(django_capture_on_commit_callbacks):
    wave = factories.campaign(harvest_start=dt.date(2022, 6, 1), harvest_end=dt.date(2022, 7, 31))
    with django_capture_on_commit_callbacks() as callbacks:
        campaign_advance_due(today=dt.date(2026, 1, 1))
    wave.refresh_from_db()
    assert wave.status == "closed"
    assert callbacks == []


def test_a_wave_starting_preparation_notifies_its_dic_editors_in_app_and_by_email(
    django_capture_on_commit_callbacks, mailoutbox, settings
):
    settings.REDIS_URL = ""  # the notice job runs inline, at commit
    dic = factories.dic("24")
    editor = factories.user(org=dic, role="editor", email="editor@bg.vn")
    admin = factories.user(org=dic, role="admin", email="admin@bg.vn")
    factories.user(org=dic, role="viewer", email="viewer@bg.vn")
    factories.user(org=factories.dic("01"), role="editor", email="hanoi@hn.vn")
    wave = factories.campaign(harvest_start=dt.date(2026, 6, 9), organisation=dic)
    with django_capture_on_commit_callbacks(execute=True):
        campaign_advance_due(today=dt.date(2026, 5, 10))
    assert set(Notification.objects.values_list("user", flat=True)) == {editor.pk, admin.pk}
    assert sorted(m.to[0] for m in mailoutbox) == ["admin@bg.vn", "editor@bg.vn"]
    assert wave.title in mailoutbox[0].subject
    assert "09/06/2026" in mailoutbox[0].body


def test_notifying_again_sends_nothing_twice(mailoutbox, django_capture_on_commit_callbacks):
    dic = factories.dic("24")
    factories.user(org=dic, role="editor", email="editor@bg.vn")
    wave = factories.campaign(organisation=dic)
    with django_capture_on_commit_callbacks(execute=True):
        assert notification_send_prep_due(campaign_id=wave.pk) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert notification_send_prep_due(campaign_id=wave.pk) == 0
    assert len(mailoutbox) == 1 and Notification.objects.count() == 1


# Calendar tokens -------------------------------------------------------------------------------------------


def test_a_calendar_token_is_stored_hashed_and_stops_working_when_revoked(bac_giang_editor):
    actor, org = bac_giang_editor
    new = calendar_token_create(actor=actor, organisation=org, name="Lịch Sở")
    assert new.token not in new.calendar_token.token_hash
    assert calendar_token_authenticate(token=new.token) == new.calendar_token
    calendar_token_revoke(actor=actor, calendar_token=new.calendar_token)
    with pytest.raises(NotFound, match="thu hồi"):
        calendar_token_authenticate(token=new.token)
    with pytest.raises(NotFound):
        calendar_token_authenticate(token="guess")


def test_only_the_organisation_s_editors_issue_its_tokens(bac_giang_editor):
    actor, _ = bac_giang_editor
    with pytest.raises(PermissionDenied):
        calendar_token_create(actor=actor, organisation=factories.dic("01"), name="x")
