"""Issue 13: the personal-data access log (Decree 13/2023), and writes with an API key that record it
(finding 12): a suppression, an audience, a publication name the key and, through it, its organisation."""

import pytest
from django.core.files.base import ContentFile
from django.utils import translation

from accounts.models import ApiKey, Role
from dispatch.contacts import services
from dispatch.models import Audience, PersonalDataAccess, Suppression
from tests import factories

pytestmark = pytest.mark.django_db


def key_and_client(org, role=Role.EDITOR):
    plaintext = factories.api_key(org, role)
    return ApiKey.objects.filter(organisation=org).latest("pk"), factories.ApiClient(key=plaintext)


def test_a_suppression_added_with_a_key_records_the_key_and_its_organisation():
    org = factories.dic("24")
    key, client = key_and_client(org)
    response = client.post("/api/v1/dispatch/suppressions", {"phone": "0912345678", "note": "hotline"})
    assert response.status_code == 201, response.content
    suppression = Suppression.objects.get()
    assert suppression.created_by_key == key and suppression.created_by_key.organisation == org


def test_an_audience_saved_with_a_key_records_the_key():
    org = factories.national()
    key, client = key_and_client(org)
    client.post("/api/v1/dispatch/audiences", {"organisation": org.code, "name": "Cả nước"})
    assert Audience.objects.get().created_by_key == key


def test_a_preview_is_logged_with_who_when_and_how_many_contacts():
    org = factories.national()
    for _ in range(3):
        factories.contact(org=org)
    key, client = key_and_client(org)
    audience = client.post("/api/v1/dispatch/audiences", {"organisation": org.code, "name": "A"}).json()
    client.post(
        "/api/v1/dispatch/preview",
        {"audience_id": audience["id"], "text": "Chào {{ name }}", "sample_size": 2},
    )
    entry = PersonalDataAccess.objects.get()
    assert (entry.action, entry.api_key, entry.organisation, entry.rows) == ("preview", key, org, 2)
    assert entry.actor_label == f"api-key:{key.pk}"
    assert entry.subject == f"Xem trước tin nhắn: 2 liên hệ của {org.name}"
    with translation.override("en"):
        client.post(
            "/api/v1/dispatch/preview",
            {"audience_id": audience["id"], "text": "Chào {{ name }}", "sample_size": 1},
            headers={"Accept-Language": "en"},
        )
    english = PersonalDataAccess.objects.latest("pk").subject
    assert english.startswith("Message preview: 1 contact of "), english


def test_downloading_rejected_rows_is_logged_as_an_export():
    org = factories.national()
    created = services.contact_import_create(
        actor=factories.SYSTEM,
        organisation=org,
        file=ContentFile(b"phone\n123\n456\n"),
        filename="ds.csv",
        enqueue=False,
    )
    services.contact_import_run(contact_import_id=created.pk)
    key, client = key_and_client(org)
    b"".join(client.get(f"/api/v1/dispatch/imports/{created.pk}/rejections.csv").streaming_content)
    entry = PersonalDataAccess.objects.get()
    assert (entry.action, entry.api_key, entry.rows) == ("export", key, 2)


def test_the_log_is_readable_in_the_admin_and_cannot_be_edited():
    org = factories.national()
    PersonalDataAccess.objects.create(
        action="export", actor_label="ai-do", organisation=org, subject="x", rows=7
    )
    operator = factories.user("operator", is_superuser=True, is_staff=True)
    client = factories.ApiClient()
    client.force_login(operator)
    listing = client.get("/admin/dispatch/personaldataaccess/")
    assert listing.status_code == 200 and "ai-do" in listing.content.decode()
    assert client.get("/admin/dispatch/personaldataaccess/add/").status_code == 403
