import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from campaigns.models import Campaign
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@mua.local", "pw-test-123"))
    return client


@pytest.mark.parametrize(
    "model",
    ["campaign", "calendartoken"],
)
def test_every_campaigns_model_has_an_admin(admin_client, model):
    assert admin_client.get(f"/admin/campaigns/{model}/").status_code == 200


def test_editing_a_wave_in_the_admin_keeps_prep_due_in_step(admin_client):
    wave = factories.campaign(harvest_start=dt.date(2030, 6, 1))
    form = admin_client.get(f"/admin/campaigns/campaign/{wave.pk}/change/").context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        title=wave.title,
        harvest_start="2030-07-01",
        harvest_end="2030-07-31",
        lead_time="10 00:00:00",
        channels='["press"]',
        audiences='["domestic_consumers"]',
        province=wave.province_id,
    )
    response = admin_client.post(f"/admin/campaigns/campaign/{wave.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    wave.refresh_from_db()
    assert (wave.harvest_start, wave.prep_due) == (dt.date(2030, 7, 1), dt.date(2030, 6, 21))
    assert Campaign.objects.count() == 1
