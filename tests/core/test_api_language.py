"""API messages in the user's language: Vietnamese by default, English on Accept-Language or the person's
choice; JSON as UTF-8 text without \\u escapes."""

import pytest

from accounts.models import Role
from accounts.services import profile_set_language
from tests import factories

pytestmark = pytest.mark.django_db

WEEKS = "/api/v1/calendars/weeks"


@pytest.fixture
def api():
    return factories.ApiClient(key=factories.api_key(factories.organisation(), Role.VIEWER))


def test_a_missing_field_is_named_in_vietnamese_by_default(api):
    response = api.get(WEEKS, headers={"Accept-Language": ""})
    body = response.json()
    assert response.status_code == 422
    assert body["field"] == "date" and body["detail"] == "Chưa điền date."
    assert "Field required" not in response.content.decode()


def test_accept_language_en_gets_english_messages(api):
    response = api.get(WEEKS, headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert response.status_code == 422
    assert response.json()["detail"] == "date is required."
    assert response.headers["Content-Language"] == "en"


def test_the_persons_choice_gets_english_messages_without_a_header(client):
    person = factories.user("an")
    profile_set_language(user=person, language="en")
    client.force_login(person)
    response = client.get(WEEKS, {"date": "2022-02-30"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "date must be a date like 2026-11-23."


def test_a_field_is_named_by_its_models_label(settings):
    from django.utils import translation

    from core.validation import translate_error

    error = {"type": "int_parsing", "loc": ("body", "payload", "press_articles"), "msg": "Input should be…"}
    with translation.override("vi"):
        assert translate_error(error)["message"] == "Tin, bài báo chí phải là số nguyên."
    with translation.override("en"):
        assert translate_error(error)["message"] == "Press articles must be a whole number."


def test_json_is_utf8_text_without_escapes(api):
    response = api.get("/api/v1/calendars/provinces/24", {"map": "2022"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    raw = response.content
    assert b"\\u" not in raw
    assert "Bắc Giang".encode() in raw
