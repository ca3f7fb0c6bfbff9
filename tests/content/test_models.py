import pytest
from django.db import IntegrityError, transaction

from content.models import ContentItem, Decision, ItemStatus, Review, Revision
from core.errors import Conflict
from tests import factories

pytestmark = pytest.mark.django_db


def test_content_hash_ignores_nothing_but_identical_fields():
    fields = {"title": "A", "body": "B", "outlet": "", "airtime": "", "media_links": []}
    assert Revision.hash_of(fields) == Revision.hash_of(dict(fields))
    assert Revision.hash_of(fields) != Revision.hash_of({**fields, "body": "B "})


def test_a_transition_from_a_wrong_status_is_refused_and_changes_nothing():
    item = factories.content_item()
    with pytest.raises(Conflict, match="Không thể chuyển nội dung từ 'Bản nháp' sang 'Đã phê duyệt'"):
        item.approve(item.current_revision)
    item.refresh_from_db()
    assert item.status == ItemStatus.DRAFT and item.approved_revision is None


def test_the_database_refuses_a_second_open_review_on_one_item():
    item = factories.content_item()
    Review.objects.create(item=item, revision=item.current_revision)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(item=item, revision=item.current_revision)
    assert Review.objects.filter(item=item).count() == 1


def test_a_closed_review_does_not_block_a_new_open_one():
    item = factories.content_item()
    Review.objects.create(item=item, revision=item.current_revision).close(decision=Decision.WITHDRAWN)
    Review.objects.create(item=item, revision=item.current_revision)
    assert Review.objects.filter(item=item, decided_at__isnull=True).count() == 1


def test_the_database_refuses_a_rejection_without_a_comment():
    item = factories.content_item()
    review = Review.objects.create(item=item, revision=item.current_revision)
    with pytest.raises(IntegrityError), transaction.atomic():
        review.close(decision=Decision.REJECT, comment="")


def test_expired_is_final():
    item = factories.content_item()
    item.expire()
    for move in (item.submit, item.mark_published, item.reopen):
        with pytest.raises(Conflict):
            move()
    assert ContentItem.objects.get(pk=item.pk).status == ItemStatus.EXPIRED
