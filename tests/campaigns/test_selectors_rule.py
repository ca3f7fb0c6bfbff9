"""campaigns knows no content: whether a wave has approved content is a rule content registers at start-up."""

import datetime as dt

import pytest

from campaigns import selectors
from campaigns.models import CampaignStatus
from content.selectors import wave_has_approved_content
from tests import factories


@pytest.fixture
def late_wave():
    # prep_due 2026-05-02, long before "today" below: late unless it has approved content.
    return factories.campaign(harvest_start=dt.date(2026, 6, 1), status=CampaignStatus.PREPARING)


@pytest.mark.django_db
def test_content_registers_the_approved_content_rule_when_django_starts(late_wave):
    factories.approved_item(campaign=late_wave)
    assert not selectors.campaign_at_risk_list(today=dt.date(2026, 5, 20)).filter(pk=late_wave.pk).exists()


@pytest.mark.django_db
def test_without_a_rule_no_wave_counts_as_having_approved_content(late_wave):
    factories.approved_item(campaign=late_wave)
    selectors.approved_content_rule_set(None)
    try:
        assert selectors.campaign_at_risk_list(today=dt.date(2026, 5, 20)).filter(pk=late_wave.pk).exists()
    finally:
        selectors.approved_content_rule_set(wave_has_approved_content)
