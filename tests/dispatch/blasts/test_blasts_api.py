"""POST/GET /api/v1/dispatch/blasts: the page's choices and permissions, and its preview gate."""

import pytest

from accounts.models import Role
from dispatch.models import Audience, Blast
from tests import factories

pytestmark = pytest.mark.django_db


def _payload(org, *, body=factories.SMS_BODY, **extra):
    factories.contact(org=org, province_code="24")
    audience = Audience.objects.create(name="Nhóm API", organisation=org)
    item = factories.approved_sms_item(org, body)
    return {
        "name": "Vải thiều qua API",
        "organisation": org.pk,
        "content_item": item.pk,
        "audience": audience.pk,
        "category": "advertising",
        "sender": "MUA1034",
        **extra,
    }


def test_an_editor_creates_a_draft_and_lists_it(api):
    org = factories.dic("24")
    api.key = factories.api_key(org, Role.EDITOR)
    created = api.post("/api/v1/dispatch/blasts", _payload(org))
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and body["organisation"] == org.pk and body["sender"] == "MUA1034"
    listed = api.get("/api/v1/dispatch/blasts").json()
    assert [b["id"] for b in listed["items"]] == [body["id"]]


def test_start_through_the_api_sends_the_blast(api, sms, django_capture_on_commit_callbacks):
    org = factories.dic("24")
    api.key = factories.api_key(org, Role.EDITOR)
    with django_capture_on_commit_callbacks(execute=True):
        created = api.post("/api/v1/dispatch/blasts", _payload(org, start=True))
    assert created.status_code == 201, created.content
    assert Blast.objects.get(pk=created.json()["id"]).status == "completed" and len(sms) == 1


def test_the_preview_gate_refuses_a_start_and_creates_nothing(api, sms):
    org = factories.dic("24")
    api.key = factories.api_key(org, Role.EDITOR)
    no_optout = "[QC] Chào {{ name }}, vải thiều vào mùa."
    refused = api.post("/api/v1/dispatch/blasts", _payload(org, body=no_optout, start=True))
    assert refused.status_code == 400 and "Chưa gửi được" in refused.json()["detail"]
    assert not Blast.objects.exists() and sms == []


def test_a_viewer_may_list_but_not_create(api):
    org = factories.dic("24")
    api.key = factories.api_key(org, Role.VIEWER)
    assert api.post("/api/v1/dispatch/blasts", _payload(org)).status_code == 403
    assert api.get("/api/v1/dispatch/blasts").status_code == 200
    assert not Blast.objects.exists()


def test_another_organisations_audience_or_organisation_is_refused(api):
    mine, theirs = factories.dic("24"), factories.dic("01")
    api.key = factories.api_key(mine, Role.EDITOR)
    other_audience = Audience.objects.create(name="Của Hà Nội", organisation=theirs)
    payload = _payload(mine)
    assert api.post("/api/v1/dispatch/blasts", {**payload, "audience": other_audience.pk}).status_code in (
        403,
        404,
    )
    assert api.post("/api/v1/dispatch/blasts", {**payload, "organisation": theirs.pk}).status_code == 403
    assert not Blast.objects.exists()


def test_the_list_shows_only_blasts_one_may_see(api):
    blast, _ = factories.blast(contacts=0)
    api.key = factories.api_key(factories.dic("01"), Role.EDITOR)
    assert api.get("/api/v1/dispatch/blasts").json()["items"] == []
    api.key = factories.api_key(blast.organisation, Role.VIEWER)
    assert [b["id"] for b in api.get("/api/v1/dispatch/blasts").json()["items"]] == [blast.pk]


def test_a_refusal_is_in_the_callers_language():
    from django.test import Client

    from accounts.services import profile_set_language

    mine, theirs = factories.dic("24"), factories.dic("01")
    user = factories.user(org=mine, role=Role.EDITOR)
    profile_set_language(user=user, language="en")
    client = Client()
    client.force_login(user)
    payload = {**_payload(mine), "organisation": theirs.pk}
    response = client.post("/api/v1/dispatch/blasts", payload, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"] == "You cannot create a blast for this organisation."
