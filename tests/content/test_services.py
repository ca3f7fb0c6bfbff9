import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Notification, Organisation, Role
from content.comments import comment_create, comment_resolve
from content.models import AuditEntry, Decision, ItemStatus, Publication, Review
from content.publications import publication_create
from content.services import (
    content_create,
    content_expire_due,
    content_schedule,
    content_submit,
    content_update,
    content_withdraw,
    review_decide,
)
from content.templating import TemplateInvalid
from core.errors import Conflict, DomainError, PermissionDenied
from tests import factories
from tests.factories import actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    org = factories.organisation("agency")
    return factories.user("tacgia", org=org, role=Role.EDITOR, email="tacgia@mua.test")


@pytest.fixture
def approver():
    return factories.approver("pheduyet")


def submitted(author, **kw):
    item = factories.content_item(author=author, **kw)
    content_submit(actor=actor(author), item=item)
    item.refresh_from_db()
    return item


def test_creating_an_item_makes_revision_one_and_a_create_audit_entry(author):
    item = factories.content_item(author=author, body="Nội dung")
    assert item.status == ItemStatus.DRAFT
    assert [r.number for r in item.revisions.all()] == [1]
    assert list(item.audit.values_list("action", "from_status", "to_status")) == [("create", "", "draft")]


def test_empty_body_is_refused_and_nothing_is_saved(author):
    with pytest.raises(DomainError, match="Nội dung không được để trống") as exc:
        factories.content_item(author=author, body="   ")
    assert exc.value.field == "body"
    assert not author.content_items.exists()


def test_a_viewer_cannot_create_content():
    org = factories.organisation()
    viewer = factories.user(org=org, role=Role.VIEWER)
    with pytest.raises(PermissionDenied, match="Biên tập"):
        content_create(
            actor=actor(viewer), organisation=org, channel="social", audience="overseas", title="t", body="b"
        )


def test_a_save_with_no_change_makes_no_revision(author):
    item = factories.content_item(author=author, body="Giống hệt")
    _, revision = content_update(actor=actor(author), item=item, body="Giống hệt  ")
    assert revision is None
    assert item.revisions.count() == 1


def test_a_real_change_makes_the_next_numbered_revision(author):
    item = factories.content_item(author=author, body="Bản một")
    _, revision = content_update(
        actor=actor(author), item=item, body="Bản hai", media_links=["https://vtv.vn/x"]
    )
    item.refresh_from_db()
    assert revision.number == 2 and item.current_revision == revision
    assert revision.media_links == ["https://vtv.vn/x"]


def test_another_organisation_cannot_edit_and_nothing_changes(author):
    item = factories.content_item(author=author, body="Gốc")
    other = factories.user(org=factories.organisation(), role=Role.EDITOR)
    with pytest.raises(PermissionDenied):
        content_update(actor=actor(other), item=item, body="Đổi")
    assert item.revisions.count() == 1


def test_text_cannot_change_while_in_review(author):
    item = submitted(author)
    with pytest.raises(Conflict, match="Đang thẩm định"):
        content_update(actor=actor(author), item=item, body="Sửa giữa chừng")


def test_submit_opens_one_review_and_notifies_approvers(author, approver, django_capture_on_commit_callbacks):
    item = factories.content_item(author=author)
    with django_capture_on_commit_callbacks(execute=True):
        review = content_submit(actor=actor(author), item=item)
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_REVIEW and review.is_open and review.revision == item.current_revision
    assert Notification.objects.filter(user=approver, verb="content_submitted").count() == 1
    assert [m.to for m in mail.outbox] == [["pheduyet@mua.test"]]
    assert "Nội dung chờ thẩm định" in mail.outbox[0].subject


def test_an_approver_reading_english_gets_the_submission_with_the_english_names(author, approver):
    from accounts.services import profile_set_language

    Organisation.objects.filter(memberships__user=author).update(
        name="Cục Báo chí", name_en="Press Authority"
    )
    profile_set_language(user=approver, language="en")
    other = factories.approver("pheduyet2")
    content_submit(actor=actor(author), item=factories.content_item(author=author))
    english = Notification.objects.get(user=approver, verb="content_submitted")
    vietnamese = Notification.objects.get(user=other, verb="content_submitted")
    assert english.body.startswith("Press Authority ") and "Cục Báo chí" not in english.body
    assert vietnamese.body.startswith("Cục Báo chí gửi phiên bản 1")


def test_submitting_twice_is_refused(author):
    item = submitted(author)
    with pytest.raises(Conflict, match="Đang thẩm định"):
        content_submit(actor=actor(author), item=item)
    assert Review.objects.filter(item=item).count() == 1


def test_an_sms_with_a_missing_variable_cannot_be_submitted(author):
    item = factories.content_item(author=author, channel="sms", body="[QC] Chào {{ name }}, {{ ward }} ...")
    with pytest.raises(TemplateInvalid, match="'ward' is undefined"):
        content_submit(actor=actor(author), item=item)
    item.refresh_from_db()
    assert item.status == ItemStatus.DRAFT and not item.reviews.exists()


def test_an_sms_that_renders_in_the_sandbox_can_be_submitted(author):
    item = submitted(author, channel="sms", body="[QC] Chào {{ name }} ở {{ province }}. Từ chối: TC gửi 789")
    assert item.status == ItemStatus.IN_REVIEW


def test_only_the_route_s_approvers_decide(author):
    """An approver of another organisation may not decide; since issue 17 the Postal Department's admins
    may (tests/content/test_routing.py)."""
    item = submitted(author)
    outsider = factories.user(org=factories.organisation(), role=Role.APPROVER)
    with pytest.raises(PermissionDenied, match="không phải người phê duyệt theo tuyến"):
        review_decide(actor=actor(outsider), item=item, decision="approve", revision_number=1)
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_REVIEW


def test_nobody_approves_their_own_item():
    own = factories.approver()
    item = factories.content_item(author=own, org=factories.postal_department())
    content_submit(actor=actor(own), item=item)
    with pytest.raises(PermissionDenied, match="tự thẩm định"):
        review_decide(actor=actor(own), item=item, decision="approve", revision_number=1)
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_REVIEW and item.approved_revision is None


def test_returning_without_a_comment_is_refused(author, approver):
    item = submitted(author)
    with pytest.raises(DomainError, match="Cần ghi ý kiến") as exc:
        review_decide(actor=actor(approver), item=item, decision="request_changes", revision_number=1)
    assert exc.value.field == "comment"


def test_a_decision_on_a_stale_revision_is_refused(author, approver):
    item = factories.content_item(author=author)
    content_submit(actor=actor(author), item=item)
    content_withdraw(actor=actor(author), item=item)
    item2 = factories.content_item(author=author, body="v1")
    content_update(actor=actor(author), item=item2, body="v2")
    content_submit(actor=actor(author), item=item2)
    with pytest.raises(Conflict, match="Phiên bản 1 đã cũ; đang thẩm định phiên bản 2"):
        review_decide(actor=actor(approver), item=item2, decision="approve", revision_number=1)
    with pytest.raises(Conflict, match="không có lượt thẩm định nào đang mở"):
        review_decide(actor=actor(approver), item=item, decision="approve", revision_number=1)


def test_full_cycle_returned_edited_approved_with_audit_and_notifications(
    author, approver, django_capture_on_commit_callbacks
):
    item = submitted(author, body="Bản đầu")
    with django_capture_on_commit_callbacks(execute=True):
        review_decide(
            actor=actor(approver),
            item=item,
            decision="request_changes",
            revision_number=1,
            comment="Thêm giá bán",
        )
    item.refresh_from_db()
    assert item.status == ItemStatus.CHANGES_REQUESTED
    assert Notification.objects.get(user=author, verb="content_request_changes").body == "Thêm giá bán"
    assert any(m.to == ["tacgia@mua.test"] for m in mail.outbox)
    content_update(actor=actor(author), item=item, body="Bản đầu, giá 50.000đ/kg")
    content_submit(actor=actor(author), item=item)
    review_decide(actor=actor(approver), item=item, decision="approve", revision_number=2)
    item.refresh_from_db()
    assert item.status == ItemStatus.APPROVED and item.approved_revision.number == 2
    rows = list(
        item.audit.values_list("action", "from_status", "to_status", "revision__number", "actor_label")
    )
    assert rows == [
        ("create", "", "draft", 1, "tacgia"),
        ("submit", "draft", "in_review", 1, "tacgia"),
        ("request_changes", "in_review", "changes_requested", 1, "pheduyet"),
        ("submit", "changes_requested", "in_review", 2, "tacgia"),
        ("approve", "in_review", "approved", 2, "pheduyet"),
    ]
    assert AuditEntry.objects.get(item=item, action="request_changes").comment == "Thêm giá bán"


def test_editing_approved_content_needs_approval_again_and_the_approved_text_stays(author, approver):
    item = submitted(author, body="Văn bản đã duyệt")
    review_decide(actor=actor(approver), item=item, decision="approve", revision_number=1)
    item.refresh_from_db()
    _, revision = content_update(actor=actor(author), item=item, body="Văn bản sửa sau duyệt")
    item.refresh_from_db()
    assert revision.number == 2
    assert item.status == ItemStatus.DRAFT
    assert item.approved_revision.number == 1 and item.approved_revision.body == "Văn bản đã duyệt"
    assert item.audit.last().action == "reopen"
    with pytest.raises(Conflict, match="Chỉ nội dung đã phê duyệt"):
        publication_create(actor=actor(author), item=item, outlet="VTV1", published_at=timezone.now())


def test_rejected_is_final(author, approver):
    item = submitted(author)
    review_decide(
        actor=actor(approver), item=item, decision="reject", revision_number=1, comment="Sai thông tin"
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.REJECTED
    with pytest.raises(Conflict):
        content_submit(actor=actor(author), item=item)


def test_withdrawing_closes_the_open_review(author):
    item = submitted(author)
    content_withdraw(actor=actor(author), item=item, comment="Đổi kế hoạch")
    item.refresh_from_db()
    assert item.status == ItemStatus.WITHDRAWN
    assert item.reviews.get().decision == Decision.WITHDRAWN


def approved(author, approver, **kw):
    item = submitted(author, **kw)
    review_decide(actor=actor(approver), item=item, decision="approve", revision_number=1)
    item.refresh_from_db()
    return item


def test_the_first_publication_moves_the_item_to_published_and_more_may_follow(author, approver):
    item = approved(author, approver, channel="tv_central")
    when = dt.datetime(2026, 3, 4, 20, 0, tzinfo=dt.UTC)
    first = publication_create(
        actor=actor(author), item=item, outlet="VTV1", published_at=when, url="https://vtv.vn/a"
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED
    assert first.iso_week == "2026-W10" and first.channel == "tv_central" and first.revision.number == 1
    publication_create(
        actor=actor(author), item=item, outlet="VTV1", published_at=when + dt.timedelta(days=1)
    )
    assert item.publications.count() == 2
    assert item.audit.filter(action="publish").count() == 1


@pytest.mark.parametrize(
    ("kwargs", "message", "field"),
    [
        ({"url": "javascript:alert(1)"}, "http:// hoặc https://", "url"),
        ({"url": "ftp://x.vn/a"}, "http:// hoặc https://", "url"),
        ({"published_at": timezone.now() + dt.timedelta(hours=1)}, "không được ở tương lai", "published_at"),
        ({"outlet": " "}, "Cần ghi cơ quan đăng phát", "outlet"),
    ],
)
def test_bad_publications_are_refused_and_nothing_is_saved(author, approver, kwargs, message, field):
    item = approved(author, approver)
    args = {"outlet": "Báo Nhân Dân", "published_at": timezone.now() - dt.timedelta(hours=1), **kwargs}
    with pytest.raises(DomainError, match=message) as exc:
        publication_create(actor=actor(author), item=item, **args)
    assert exc.value.field == field
    item.refresh_from_db()
    assert item.status == ItemStatus.APPROVED and not Publication.objects.exists()


def test_items_not_approved_by_their_planned_time_expire_and_can_never_be_published(author, approver):
    soon = timezone.now() + dt.timedelta(hours=1)
    late = factories.content_item(author=author, planned_at=soon)
    in_review = submitted(author, planned_at=soon)
    ok = approved(author, approver, planned_at=soon)
    assert content_expire_due(now=soon + dt.timedelta(minutes=1)) == 2
    for item in (late, in_review, ok):
        item.refresh_from_db()
    assert (late.status, in_review.status, ok.status) == (
        ItemStatus.EXPIRED,
        ItemStatus.EXPIRED,
        ItemStatus.APPROVED,
    )
    assert in_review.reviews.get().decision == Decision.EXPIRED
    assert late.audit.last().actor_label == "system"
    with pytest.raises(Conflict, match="Chỉ nội dung đã phê duyệt"):
        publication_create(actor=actor(author), item=late, outlet="x", published_at=timezone.now())
    with pytest.raises(Conflict):
        content_submit(actor=actor(author), item=late)
    assert Notification.objects.filter(user=author, verb="content_expired").count() == 2


def test_a_planned_time_in_the_past_is_refused(author):
    with pytest.raises(DomainError, match="phải ở tương lai"):
        factories.content_item(author=author, planned_at=timezone.now() - dt.timedelta(minutes=1))


def test_scheduling_approved_content(author, approver):
    item = approved(author, approver)
    when = timezone.now() + dt.timedelta(days=2)
    content_schedule(actor=actor(author), item=item, planned_at=when)
    item.refresh_from_db()
    assert item.status == ItemStatus.SCHEDULED and item.planned_at == when


def test_threaded_comments_can_be_resolved(author, approver):
    item = submitted(author)
    root = comment_create(
        actor=actor(approver), item=item, body="Nguồn số liệu?", revision=item.current_revision
    )
    reply = comment_create(actor=actor(author), item=item, body="Sở NN&PTNT", parent=root)
    comment_resolve(actor=actor(approver), comment=root)
    root.refresh_from_db()
    assert reply.parent == root and root.resolved_by == approver and root.revision.number == 1


def test_outsiders_cannot_comment(author):
    item = factories.content_item(author=author)
    outsider = factories.user(org=factories.organisation(), role=Role.EDITOR)
    with pytest.raises(PermissionDenied, match="bình luận"):
        comment_create(actor=actor(outsider), item=item, body="?")


def test_an_item_links_to_a_campaign_wave_and_an_unknown_wave_is_refused(author):
    wave = factories.campaign(province_code="24")
    item = factories.content_item(author=author, campaign=wave.pk)
    assert item.campaign == wave
    content_update(actor=actor(author), item=item, campaign=None)
    item.refresh_from_db()
    assert item.campaign is None and item.revisions.count() == 1
    with pytest.raises(DomainError, match="Không có đợt truyền thông số 999999") as exc:
        content_update(actor=actor(author), item=item, campaign=999999)
    assert exc.value.field == "campaign"
