import pytest

from accounts.models import ApiKey, Role
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/calendars/provinces"


def test_no_key_is_401_with_a_message(api):
    response = api.get(URL)
    assert response.status_code == 401
    assert "X-API-Key" in response.json()["detail"]


@pytest.mark.parametrize("key", ["nonsense", "mua_deadbeef_wrong", "mua__"])
def test_wrong_key_is_401(api, key):
    response = api.get(URL, headers={"X-API-Key": key})
    assert response.status_code == 401
    assert response.json()["detail"]


def test_key_with_right_prefix_but_wrong_secret_is_401():
    org = factories.organisation()
    key = factories.api_key(org)
    tampered = key[:-4] + ("AAAA" if not key.endswith("AAAA") else "BBBB")
    response = factories.ApiClient(key=tampered).get(URL)
    assert response.status_code == 401
    assert response.json()["detail"] == "Khoá API không hợp lệ."


def test_valid_key_authenticates_as_its_organisation():
    org = factories.organisation(code="vnpost-test")
    client = factories.ApiClient(key=factories.api_key(org))
    assert client.get(URL).status_code == 200
    me = client.get("/api/v1/accounts/me").json()
    assert me["api_key"] is True
    assert me["roles"] == [
        {
            "organisation": {
                "code": "vnpost-test",
                "name": org.name,
                "kind": "postal_firm",
                "province_code": None,
            },
            "role": "editor",
        }
    ]
    assert ApiKey.objects.get(organisation=org).last_used_at is not None


def test_revoked_key_is_401_at_once():
    org = factories.organisation()
    key = factories.api_key(org)
    client = factories.ApiClient(key=key)
    assert client.get(URL).status_code == 200
    ApiKey.objects.get(organisation=org).revoke()
    response = client.get(URL)
    assert response.status_code == 401
    assert response.json()["detail"] == "Khoá API đã bị thu hồi."


def test_only_a_hash_is_stored():
    org = factories.organisation()
    key = factories.api_key(org)
    stored = ApiKey.objects.get(organisation=org)
    assert key not in (stored.key_hash, stored.prefix)
    assert key.startswith(f"mua_{stored.prefix}_")
    assert len(stored.key_hash) == 64


def test_session_login_works_for_the_browser():
    org = factories.organisation()
    user = factories.user("alice", org=org, role=Role.VIEWER)
    client = factories.ApiClient()
    client.force_login(user)
    assert client.get(URL).status_code == 200
    assert client.get("/api/v1/accounts/me").json()["username"] == "alice"


def test_session_writes_need_csrf():
    org = factories.organisation()
    user = factories.user(org=org, role=Role.ADMIN)
    client = factories.ApiClient(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post("/api/v1/accounts/keys", {"organisation": org.code, "name": "x"})
    assert response.status_code == 403


def test_org_admin_creates_a_key_shown_once_and_revokes_it():
    org = factories.organisation()
    admin = factories.user(org=org, role=Role.ADMIN)
    client = factories.ApiClient()
    client.force_login(admin)
    created = client.post("/api/v1/accounts/keys", {"organisation": org.code, "name": "weekly reports"})
    assert created.status_code == 201
    key = created.json()["key"]
    assert factories.ApiClient(key=key).get(URL).status_code == 200
    listed = client.get("/api/v1/accounts/keys").json()
    assert [k["prefix"] for k in listed] == [created.json()["prefix"]]
    assert "key" not in listed[0]
    revoked = client.post(f"/api/v1/accounts/keys/{created.json()['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert factories.ApiClient(key=key).get(URL).status_code == 401


def test_an_editor_cannot_create_keys_nor_an_admin_for_another_org():
    org, other = factories.organisation(), factories.organisation()
    editor = factories.user(org=org, role=Role.EDITOR)
    admin = factories.user(org=org, role=Role.ADMIN)
    client = factories.ApiClient()
    client.force_login(editor)
    assert client.post("/api/v1/accounts/keys", {"organisation": org.code, "name": "x"}).status_code == 403
    client.force_login(admin)
    response = client.post("/api/v1/accounts/keys", {"organisation": other.code, "name": "x"})
    assert response.status_code == 403
    assert ApiKey.objects.count() == 0


def test_an_api_key_cannot_mint_approver_keys():
    org = factories.organisation()
    admin = factories.user(org=org, role=Role.ADMIN)
    client = factories.ApiClient()
    client.force_login(admin)
    response = client.post(
        "/api/v1/accounts/keys", {"organisation": org.code, "name": "x", "role": "approver"}
    )
    assert response.status_code == 400 and response.json()["field"] == "role"


def test_docs_and_health_need_no_auth(api):
    assert api.get("/api/v1/docs").status_code == 200
    assert api.get("/api/v1/openapi.json").json()["info"]["title"] == "Mùa API"
    assert api.get("/api/v1/health").json()["database_ok"] is True


def test_the_docs_page_sends_the_csrf_token_so_try_it_out_works_for_a_signed_in_user():
    """The docs page carries the session's CSRF token for its "Try it out" requests; with it a POST from
    a signed-in browser passes the CSRF check, without it it is refused."""
    import re

    from django.test import Client

    org = factories.organisation()
    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.user(org=org, role=Role.ADMIN))
    page = client.get("/api/v1/docs").content.decode()
    assert 'data-api-csrf="true"' in page
    token = re.search(r'data-csrf-token="([^"]+)"', page)[1]
    body = {"organisation": org.code, "name": "from the docs"}
    refused = client.post("/api/v1/accounts/keys", body, content_type="application/json")
    assert refused.status_code == 403 and ApiKey.objects.count() == 0
    sent = client.post("/api/v1/accounts/keys", body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert sent.status_code == 201 and ApiKey.objects.count() == 1
