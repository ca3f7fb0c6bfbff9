"""Issue 17: approval routes per channel and scope, a second step, department admins, delegation."""

import datetime as dt

import pytest
import time_machine

from accounts.models import Notification, Role
from content.models import ApprovalRoute, RouteChange
from content.routes import delegation_create, route_set
from content.selectors import review_queue
from content.services import content_submit, review_decide
from core.errors import PermissionDenied
from tests import factories
from tests.factories import actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def bac_giang():
    dic = factories.dic("24")
    approver = factories.user(org=dic, role=Role.APPROVER, email="bg-approver@mua.test")
    return dic, approver


def submitted(org, channel):
    item = factories.content_item(org=org, channel=channel)
    review = content_submit(actor=actor(item.author), item=item)
    return item, review


def test_a_bac_giang_loudspeaker_bulletin_goes_to_the_bac_giang_dic_s_approver(bac_giang):
    dic, dic_approver = bac_giang
    department_approver = factories.approver()
    item, review = submitted(dic, "grassroots")
    assert review.approver_organisation == dic
    assert Notification.objects.filter(user=dic_approver, verb="content_submitted").exists()
    assert not Notification.objects.filter(user=department_approver, verb="content_submitted").exists()
    assert list(review_queue(actor=actor(dic_approver))) == [item]
    assert item not in review_queue(actor=actor(department_approver))
    with pytest.raises(PermissionDenied, match="tuyến"):
        review_decide(actor=actor(department_approver), item=item, decision="approve", revision_number=1)
    review_decide(actor=actor(dic_approver), item=item, decision="approve", revision_number=1)
    item.refresh_from_db()
    assert item.status == "approved"


def test_an_sms_text_goes_to_the_postal_department(bac_giang):
    dic, dic_approver = bac_giang
    department_approver = factories.approver()
    item, review = submitted(dic, "sms")
    assert review.approver_organisation.kind == "postal_department"
    assert Notification.objects.filter(user=department_approver, verb="content_submitted").exists()
    with pytest.raises(PermissionDenied):
        review_decide(actor=actor(dic_approver), item=item, decision="approve", revision_number=1)


def test_a_postal_department_admin_may_approve_any_route(bac_giang):
    dic, _ = bac_giang
    admin = factories.user(org=factories.postal_department(), role=Role.ADMIN)
    item, _ = submitted(dic, "grassroots")
    review_decide(actor=actor(admin), item=item, decision="approve", revision_number=1)
    item.refresh_from_db()
    assert item.status == "approved"


def test_a_route_with_a_second_step_keeps_the_item_in_review_until_the_department_approves(bac_giang):
    dic, dic_approver = bac_giang
    department_admin = factories.user(org=factories.postal_department(), role=Role.ADMIN)
    department_approver = factories.approver()
    route = ApprovalRoute.objects.get(channel="grassroots", scope="province", province=None)
    route_set(actor=actor(department_admin), route=route, second_step="postal_department")
    item, _ = submitted(dic, "grassroots")
    review_decide(actor=actor(dic_approver), item=item, decision="approve", revision_number=1)
    item.refresh_from_db()
    assert item.status == "in_review"
    second = item.reviews.get(decided_at__isnull=True)
    assert (second.step, second.approver_organisation.kind) == (2, "postal_department")
    assert Notification.objects.filter(user=department_approver, verb="content_submitted").exists()
    review_decide(actor=actor(department_approver), item=item, decision="approve", revision_number=1)
    item.refresh_from_db()
    assert item.status == "approved"


def test_every_route_change_is_audited_and_only_the_department_changes_routes(bac_giang):
    dic, dic_approver = bac_giang
    department_admin = factories.user(org=factories.postal_department(), role=Role.ADMIN)
    with pytest.raises(PermissionDenied):
        route_set(actor=actor(dic_approver), channel="radio", scope="province", first_step="dic")
    route = route_set(actor=actor(department_admin), channel="radio", scope="province", first_step="dic")
    route_set(actor=actor(department_admin), route=route, is_active=False)
    changes = list(RouteChange.objects.filter(route=route).order_by("pk"))
    assert [c.before for c in changes][0] is None
    assert changes[1].before["is_active"] is True and changes[1].after["is_active"] is False
    assert changes[1].changed_by == department_admin


def test_a_delegate_decides_only_between_the_absence_dates(bac_giang):
    dic, dic_approver = bac_giang
    colleague = factories.user(org=dic, role=Role.EDITOR, email="colleague@mua.test")
    delegation_create(
        actor=actor(dic_approver),
        organisation=dic,
        delegator=dic_approver,
        delegate=colleague,
        starts_on=dt.date(2026, 7, 1),
        ends_on=dt.date(2026, 7, 10),
    )
    with time_machine.travel(dt.datetime(2026, 7, 5, 3, tzinfo=dt.UTC)):
        item, _ = submitted(dic, "grassroots")
        assert Notification.objects.filter(user=colleague, verb="content_submitted").exists()
        assert not Notification.objects.filter(user=dic_approver, verb="content_submitted").exists()
        assert list(review_queue(actor=actor(colleague))) == [item]
    with time_machine.travel(dt.datetime(2026, 7, 11, 3, tzinfo=dt.UTC)):
        with pytest.raises(PermissionDenied):
            review_decide(actor=actor(colleague), item=item, decision="approve", revision_number=1)
    with time_machine.travel(dt.datetime(2026, 7, 6, 3, tzinfo=dt.UTC)):
        review_decide(actor=actor(colleague), item=item, decision="approve", revision_number=1)


def test_an_item_carries_a_theme_through_the_api_and_an_unknown_theme_is_refused():
    from tests.factories import ApiClient

    dic = factories.dic("24")
    client = ApiClient(factories.api_key(dic))
    body = {
        "channel": "press_online",
        "audience": "domestic_consumers",
        "title": "Tuần lễ hàng Việt",
        "body": "x",
    }
    created = client.post("/api/v1/content/items", {**body, "theme": "nguoi-viet-dung-hang-viet"})
    assert created.status_code == 201 and created.json()["theme"] == "nguoi-viet-dung-hang-viet"
    refused = client.post("/api/v1/content/items", {**body, "theme": "khong-co"})
    assert refused.status_code == 400 and refused.json()["field"] == "theme"
    patched = client.patch(f"/api/v1/content/items/{created.json()['id']}", {"theme": ""})
    assert patched.status_code == 200 and patched.json()["item"]["theme"] == ""


def test_the_postal_department_configures_routes_through_the_api_with_a_session(client, bac_giang):
    dic, dic_approver = bac_giang
    admin = factories.user(org=factories.postal_department(), role=Role.ADMIN)
    client.force_login(admin)
    body = {"channel": "local_portal", "scope": "province", "province": "24", "first_step": "dic",
            "second_step": "postal_department"}  # fmt: skip
    created = client.post("/api/v1/content/routes", body, content_type="application/json")
    assert created.status_code == 201, created.content
    route_id = created.json()["id"]
    changed = client.patch(
        f"/api/v1/content/routes/{route_id}", {"second_step": None}, content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["second_step"] == ""
    assert RouteChange.objects.filter(route_id=route_id).count() == 2
    client.force_login(dic_approver)
    refused = client.patch(
        f"/api/v1/content/routes/{route_id}", {"is_active": False}, content_type="application/json"
    )
    assert refused.status_code == 403
