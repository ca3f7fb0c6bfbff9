"""Issue 17: postal firms plan their own sales programmes and supplier campaigns."""

import pytest

from accounts.models import Role
from campaigns.models import Campaign
from tests import factories
from tests.factories import ApiClient

pytestmark = pytest.mark.django_db
WAVE = {
    "title": "Tuần lễ vải thiều trên Postmart",
    "harvest_start": "2022-06-01",
    "harvest_end": "2022-06-30",
}


@pytest.fixture
def vnpost():
    return factories.reporting_org(code="vnpost")


def test_a_postal_firm_s_key_creates_a_national_sales_programme(vnpost):
    client = ApiClient(factories.api_key(vnpost))
    response = client.post("/api/v1/campaigns/", {**WAVE, "kind": "sales_programme"})
    assert response.status_code == 201, response.content
    wave = Campaign.objects.get(pk=response.json()["id"])
    assert (wave.organisation, wave.kind, wave.province) == (vnpost, "sales_programme", None)


def test_a_firm_and_a_dic_co_own_a_provincial_wave_and_both_may_edit_it(vnpost):
    dic = factories.dic("24")
    client = ApiClient(factories.api_key(vnpost))
    body = {**WAVE, "kind": "supplier_campaign", "province": "24", "partners": [dic.code]}
    response = client.post("/api/v1/campaigns/", body)
    assert response.status_code == 201, response.content
    wave = Campaign.objects.get(pk=response.json()["id"])
    assert wave.organisation == vnpost and list(wave.partners.all()) == [dic]
    dic_client = ApiClient(factories.api_key(dic))
    assert dic_client.patch(f"/api/v1/campaigns/{wave.pk}", {"notes": "Sở phối hợp"}).status_code == 200
    other = factories.reporting_org(code="viettelpost")
    other_client = ApiClient(factories.api_key(other))
    assert other_client.patch(f"/api/v1/campaigns/{wave.pk}", {"notes": "x"}).status_code == 403


def test_a_firm_may_not_plan_other_kinds_nationally_nor_a_dic_of_another_province_co_own(vnpost):
    client = ApiClient(factories.api_key(vnpost))
    response = client.post("/api/v1/campaigns/", {**WAVE, "kind": "seasonal"})
    assert response.status_code == 403
    stranger = factories.dic("33")
    body = {**WAVE, "kind": "sales_programme", "province": "24", "partners": [stranger.code]}
    response = client.post("/api/v1/campaigns/", body)
    assert response.status_code == 400 and response.json()["field"] == "partners"


def test_a_viewer_key_of_a_firm_cannot_create(vnpost):
    client = ApiClient(factories.api_key(vnpost, role=Role.VIEWER))
    assert client.post("/api/v1/campaigns/", {**WAVE, "kind": "sales_programme"}).status_code == 403
