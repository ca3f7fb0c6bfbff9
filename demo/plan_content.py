"""Demo content of the plan for `manage.py seed_demo`: the "Người Việt dùng hàng Việt" theme weeks of
2022 (themed items published in weeks 40–52, so the theme's indicator has an actual), a Bắc Giang
loudspeaker bulletin waiting for the Bắc Giang DIC's approver (while SMS texts go to the Postal
Department), and a Postal Department approver's planned absence handed to a colleague.

Idempotent: items are found by title, publications by week, the delegation by its dates."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import Organisation
from accounts.permissions import actor_for_user
from calendars.weeks import parse_week
from content.models import ApprovalDelegation, ContentItem, Publication
from content.publications import publication_create
from content.routes import delegation_create
from content.services import content_create, content_submit, review_decide

THEME = "nguoi-viet-dung-hang-viet"
THEMED = [  # title, channel, outlet, body
    (
        "Người Việt dùng hàng Việt: nông sản Việt trên sàn thương mại điện tử",
        "press_online",
        "Báo Nông nghiệp Việt Nam",
        "Chuỗi bài tuần lễ Người Việt dùng hàng Việt: nông sản của các tỉnh trên postmart.vn và voso.vn.",
    ),
    (
        "Người Việt dùng hàng Việt: phóng sự hàng tuần trên truyền hình",
        "tv_central",
        "VTV2",
        "Phóng sự 3 phút mỗi tuần về hộ sản xuất nông nghiệp bán hàng Việt qua sàn thương mại điện tử.",
    ),
]
SHORT_WEEKS = {45, 50}  # weeks with one item instead of two: the theme's target is not quite met
BULLETIN = (
    "Bản tin loa: vải thiều Lục Ngạn lên sàn",
    "Bản tin phát trên hệ thống loa truyền thanh xã: vải thiều Lục Ngạn đã lên sàn postmart.vn, "
    "bà con liên hệ bưu điện xã để được hỗ trợ mở gian hàng.",
)


def _actor(username: str):
    return actor_for_user(get_user_model().objects.get(username=username))


def plan_content_demo_seed() -> int:
    """Everything above, once; returns how many rows it created. Mail stays in the in-app lists."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        return _themed() + _bulletin() + _delegation()


def _approved(author, approver, organisation, title, channel, body) -> tuple[ContentItem, int]:
    item = ContentItem.objects.filter(organisation=organisation, title=title).first()
    if item is not None:
        return item, 0
    item = content_create(
        actor=author,
        organisation=organisation,
        channel=channel,
        audience="domestic_consumers",
        title=title,
        body=body,
        theme=THEME,
        planned_at=timezone.now() + dt.timedelta(days=14),
    )
    content_submit(actor=author, item=item)
    review_decide(actor=approver, item=item, decision="approve", revision_number=1)
    return item, 1


@transaction.atomic
def _themed() -> int:
    author, approver = _actor("tocongtac"), _actor("pheduyet")
    organisation = Organisation.objects.get(code="tct1034")
    created = 0
    for index, (title, channel, outlet, body) in enumerate(THEMED):
        item, made = _approved(author, approver, organisation, title, channel, body)
        created += made
        done = set(Publication.objects.filter(item=item).values_list("iso_week", flat=True))
        for number in range(40, 53):
            week = parse_week(f"2022-W{number}")
            if str(week) in done or (index == 1 and number in SHORT_WEEKS):
                continue
            wednesday = dt.datetime.combine(week.monday + dt.timedelta(days=2), dt.time(9 + index))
            when = timezone.make_aware(wednesday)
            publication_create(actor=author, item=item, outlet=outlet, published_at=when)
            created += 1
    return created


@transaction.atomic
def _bulletin() -> int:
    organisation = Organisation.objects.get(code="dic-24")
    title, body = BULLETIN
    if ContentItem.objects.filter(organisation=organisation, title=title).exists():
        return 0
    author = _actor("so.bacgiang")
    item = content_create(
        actor=author,
        organisation=organisation,
        channel="grassroots",
        audience="farm_households",
        title=title,
        body=body,
        planned_at=timezone.now() + dt.timedelta(days=7),
    )
    content_submit(actor=author, item=item)  # routed to dic-24's approver, not the Postal Department
    return 1


@transaction.atomic
def _delegation() -> int:
    User = get_user_model()
    away, colleague = User.objects.get(username="pheduyet"), User.objects.get(username="pheduyet2")
    starts = timezone.localdate() + dt.timedelta(days=7)
    if ApprovalDelegation.objects.filter(delegator=away, ends_on__gte=timezone.localdate()).exists():
        return 0
    delegation_create(
        actor=_actor("quantri"),
        organisation=Organisation.objects.get(code="vbc"),
        delegator=away,
        delegate=colleague,
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=6),
    )
    return 1
