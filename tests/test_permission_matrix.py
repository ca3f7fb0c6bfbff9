"""The role × action matrix (docs/security.md), over the API and the pages, one case per cell.

Actors: each role as a signed-in person and as its organisation's API key. A DIC is Bắc Giang's (province
24, where the wave and the content live); "DIC other" is Hà Nội's. Each cell says what the actor must get:
an allowed write answers 2xx, a refused one 403 (never a silent success, never a 500); operator-only
pages send every role to the operator sign-in. Run alone: `pytest tests/test_permission_matrix.py`.
"""

import pytest
import time_machine
from django.test import Client

from accounts.models import OrganisationKind, Role
from tests import factories
from tests.factories import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_the_reported_week():
    """Wednesday of WEEK: the week's report is open for filing, the harvest ahead."""
    with time_machine.travel("2022-03-02 10:00 +0700", tick=False):
        yield


PEOPLE = ["dic", "dic_other", "pd_approver", "firm", "working_group"]
KEYS = ["dic_key", "dic_other_key", "pd_key", "firm_key", "working_group_key"]
ACTORS = PEOPLE + KEYS

WEEK = "2022-W09"


@pytest.fixture
def world():
    """One organisation per role, an editor (or approver) in each, a key for each, and an item in review."""
    orgs = {
        "dic": factories.dic("24"),
        "dic_other": factories.dic("01"),
        "pd_approver": factories.postal_department(),
        "firm": factories.reporting_org(OrganisationKind.POSTAL_FIRM, code="vnpost-matrix"),
        "working_group": factories.organisation(OrganisationKind.WORKING_GROUP, code="tct-matrix"),
    }
    roles = {name: Role.EDITOR for name in orgs} | {"pd_approver": Role.APPROVER}
    users = {name: factories.user(f"u-{name}", org=org, role=roles[name]) for name, org in orgs.items()}
    keys = {
        f"{name.removesuffix('_approver')}_key": factories.api_key(org, role=Role.EDITOR)
        for name, org in orgs.items()
    }
    author = factories.user("tacgia-bg", org=orgs["dic"], role=Role.EDITOR)
    item = factories.content_item(author=author, org=orgs["dic"])
    from content.services import content_submit

    content_submit(actor=factories.actor(author), item=item)
    return {"orgs": orgs, "users": users, "keys": keys, "item": item}


def client_for(world, actor: str) -> Client:
    if actor.endswith("_key"):
        return ApiClient(world["keys"][actor])
    client = ApiClient()
    client.force_login(world["users"][actor])
    return client


def _wave(world, client):
    body = {
        "title": "Vải thiều Lục Ngạn 2022",
        "harvest_start": "2022-06-01",
        "harvest_end": "2022-07-15",
        "province": "24",
    }
    return client.post("/api/v1/campaigns/", body)


def _approve(world, client):
    item = world["item"]
    return client.post(
        f"/api/v1/content/items/{item.pk}/reviews", {"decision": "approve", "revision": 1, "comment": ""}
    )


def _edit_item(world, client):
    return client.patch(f"/api/v1/content/items/{world['item'].pk}", {"title": "Sửa tiêu đề"})


def _target(world, client):
    body = {
        "metric": "news_items",
        "scope": "national",
        "period": "week",
        "minimum": 2,
        "active_from": "2022-01-01",
        "active_until": "2022-12-31",
    }
    return client.post("/api/v1/reports/targets", body)


def _firm_report(world, client):
    firm = world["orgs"]["firm"].code
    return client.put(f"/api/v1/reports/weekly/{firm}/{WEEK}", {"draft": True})


def _new_key(world, client):
    return client.post("/api/v1/accounts/keys", {"organisation": world["orgs"]["dic"].code, "name": "x"})


def _me(world, client):
    return client.get("/api/v1/accounts/me")


ALLOW, DENY = "allow", "deny"
NATIONAL_WRITERS = {"dic", "pd_approver", "working_group", "dic_key", "pd_key", "working_group_key"}

# action -> (call, actors allowed); every other actor is refused with 403.
API_MATRIX = {
    "wave.create (Bắc Giang)": (_wave, NATIONAL_WRITERS),
    "content.approve": (_approve, {"pd_approver"}),
    "content.edit in review (Bắc Giang item)": (_edit_item, set()),
    "target.create": (_target, {"pd_approver", "pd_key"}),
    "report.file (postal firm's week)": (_firm_report, {"firm", "firm_key"}),
    "apikey.create (DIC Bắc Giang)": (_new_key, set()),
    "accounts.me": (_me, set(ACTORS)),
}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("action", list(API_MATRIX))
def test_api_matrix(world, action, actor):
    call, allowed = API_MATRIX[action]
    response = call(world, client_for(world, actor))
    if actor in allowed:
        assert 200 <= response.status_code < 300, (
            action,
            actor,
            response.status_code,
            response.content[:300],
        )
    else:
        expected = 409 if action.startswith("content.edit") and actor in {"dic", "dic_key"} else 403
        assert response.status_code == expected, (action, actor, response.status_code, response.content[:300])
        assert response.json()["detail"]


OPERATOR_ONLY = ["/admin/", "/admin/rq/", "/admin/accounts/apikey/", "/admin/django_rq/dashboard/"]


@pytest.mark.parametrize("actor", PEOPLE)
@pytest.mark.parametrize("path", OPERATOR_ONLY)
def test_operator_pages_send_every_role_to_the_operator_sign_in(world, path, actor):
    response = client_for(world, actor).get(path)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("actor", KEYS)
@pytest.mark.parametrize("path", ["/admin/", "/admin/rq/", "/content/", "/campaigns/"])
def test_an_api_key_opens_no_page(world, path, actor):
    response = client_for(world, actor).get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(("/admin/login/", "/login/"))


@pytest.mark.parametrize("actor", PEOPLE)
def test_review_queue_page_is_the_approvers(world, actor):
    response = client_for(world, actor).get("/content/queue/")
    if actor == "pd_approver":
        assert response.status_code == 200 and world["item"].title in response.content.decode()
    else:
        assert response.status_code == 403


@pytest.mark.parametrize(
    "path", ["/api/v1/accounts/me", "/api/v1/dispatch/contacts", "/api/v1/content/items"]
)
def test_no_credentials_is_401(path):
    assert ApiClient().get(path).status_code == 401


def test_a_revoked_key_is_401(world):
    from accounts.models import ApiKey

    ApiKey.objects.filter(organisation=world["orgs"]["firm"]).get().revoke()
    assert client_for(world, "firm_key").get("/api/v1/accounts/me").status_code == 401


CONTACTS_SEEN = {
    "dic": {"24"},
    "dic_other": {"01"},
    "pd": {"24", "01"},
    "firm": set(),
    "working_group": {"24", "01"},
}


@pytest.mark.parametrize("actor", ACTORS)
def test_contacts_reach_exactly_the_actors_scope(world, actor):
    """DICs hold their province's contacts, national bodies all, postal firms none (person or key)."""
    factories.contact(province_code="24")
    factories.contact(province_code="01")
    response = client_for(world, actor).get("/api/v1/dispatch/contacts")
    assert response.status_code == 200
    expected = CONTACTS_SEEN[actor.removesuffix("_key").removesuffix("_approver")]
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize("actor", PEOPLE)
@pytest.mark.parametrize("path", ["/content/", "/campaigns/"])
def test_every_role_opens_the_working_pages(world, path, actor):
    assert client_for(world, actor).get(path).status_code == 200
