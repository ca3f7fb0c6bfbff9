import datetime as dt

import pytest

from campaigns.models import CampaignStatus, CampaignStatusError
from core.errors import DomainError
from tests import factories

pytestmark = pytest.mark.django_db


def test_prep_due_is_harvest_start_minus_lead_time():
    wave = factories.campaign(harvest_start=dt.date(2026, 6, 1), lead_days=30)
    assert wave.prep_due == dt.date(2026, 5, 2)
    wave.schedule(
        harvest_start=dt.date(2026, 7, 1), harvest_end=dt.date(2026, 7, 20), lead_time=dt.timedelta(0)
    )
    assert wave.prep_due == dt.date(2026, 7, 1)


def test_a_wave_moves_forward_through_its_statuses():
    wave = factories.campaign()
    for step, status in [
        (wave.start_preparing, "preparing"),
        (wave.mark_ready, "ready"),
        (wave.go_live, "live"),
        (wave.close, "closed"),
    ]:
        step()
        wave.refresh_from_db()
        assert wave.status == status
        assert wave.status_changed_at is not None


def test_a_preparing_wave_may_go_live_without_being_marked_ready():
    wave = factories.campaign(status=CampaignStatus.PREPARING)
    wave.go_live()
    assert wave.status == "live"


@pytest.mark.parametrize(
    "status, move, message",
    [
        ("planned", "go_live", "từ trạng thái 'Đã lên kế hoạch' sang 'Đang diễn ra'"),
        ("planned", "mark_ready", "sang 'Sẵn sàng'"),
        ("live", "start_preparing", "từ trạng thái 'Đang diễn ra'"),
        ("closed", "close", "từ trạng thái 'Đã kết thúc'"),
    ],
)
def test_illegal_moves_raise_a_clear_error_and_change_nothing(status, move, message):
    wave = factories.campaign(status=status)
    with pytest.raises(CampaignStatusError, match=message):
        getattr(wave, move)()
    wave.refresh_from_db()
    assert wave.status == status


def test_cancelling_needs_a_reason_and_is_final():
    wave = factories.campaign()
    with pytest.raises(DomainError, match="lý do"):
        wave.cancel("  ")
    wave.cancel("Mất mùa do bão")
    wave.refresh_from_db()
    assert (wave.status, wave.cancel_reason) == ("cancelled", "Mất mùa do bão")
    with pytest.raises(CampaignStatusError, match="từ trạng thái 'Đã huỷ'"):
        wave.cancel("again")
    with pytest.raises(CampaignStatusError):
        wave.start_preparing()


def test_a_closed_wave_cannot_be_cancelled():
    wave = factories.campaign(status="closed")
    with pytest.raises(CampaignStatusError, match="sang 'Đã huỷ'"):
        wave.cancel("too late")
