"""Demo content for `manage.py seed_demo`: one item in each interesting state, made through the services.

Idempotent: an item whose title already exists for its organisation is left as it is.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import Organisation
from accounts.permissions import actor_for_user
from content.models import ContentItem
from content.publications import publication_create
from content.services import content_create, content_submit, review_decide

# title, organisation, author, channel, audience, body, what happens next
DEMO_ITEMS = [
    (
        "Vải thiều Lục Ngạn lên sàn postmart.vn",
        "vnpost",
        "vnpost",
        "press_online",
        "domestic_consumers",
        "Từ tháng 6, vải thiều Lục Ngạn (Bắc Giang) được bán trực tiếp trên postmart.vn, giao tận nhà.",
        "submit",
    ),
    (
        "Nâng tầm giá trị nông sản Việt qua nền tảng thương mại số",
        "tct1034",
        "tocongtac",
        "tv_central",
        "farm_households",
        "Phóng sự 5 phút: hộ nông dân Bắc Giang bán vải qua sàn thương mại điện tử.",
        "publish",
    ),
    (
        "Tin nhắn mùa vải Bắc Giang",
        "dic-24",
        "so.bacgiang",
        "sms",
        "farm_households",
        "[QC] Chào {{ name }}, vải thiều {{ province }} đã lên sàn postmart.vn. Từ chối: soạn TC gửi 9xxx.",
        "draft",
    ),
    (
        # Approved, so the blast composer of `make run` has a text to send (with the demo audience of dic-24).
        "Tin nhắn mở sàn vải thiều Lục Ngạn",
        "dic-24",
        "so.bacgiang",
        "sms",
        "farm_households",
        "[QC] {{ name }} oi, vai thieu Luc Ngan da len san postmart.vn. Tu choi: soan TC gui 9xxx",
        "approve",
    ),
    (
        "Vietnamese lychee season opens to overseas buyers",
        "cuc-bao-chi",
        "cucbaochi",
        "foreign_info",
        "overseas",
        "Lychee from Bac Giang is now available to overseas buyers through voso.vn.",
        "return",
    ),
]


def content_demo_seed() -> int:
    """Create the demo items that are missing; returns how many were created.

    Their notifications land in the in-app lists only: mailing them would flood the console of `make run`.
    """
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        return _seed()


@transaction.atomic
def _seed() -> int:
    User = get_user_model()
    approver = actor_for_user(User.objects.get(username="pheduyet"))
    created = 0
    for title, org_code, username, channel, audience, body, fate in DEMO_ITEMS:
        organisation = Organisation.objects.get(code=org_code)
        if ContentItem.objects.filter(organisation=organisation, title=title).exists():
            continue
        author = actor_for_user(User.objects.get(username=username))
        item = content_create(
            actor=author,
            organisation=organisation,
            channel=channel,
            audience=audience,
            title=title,
            body=body,
            language="en" if audience == "overseas" else "vi",
            planned_at=timezone.now() + dt.timedelta(days=14),
        )
        created += 1
        if fate == "draft":
            continue
        content_submit(actor=author, item=item)
        if fate == "return":
            review_decide(
                actor=approver,
                item=item,
                decision="request_changes",
                revision_number=1,
                comment="Please name the marketplace's export partner.",
            )
        elif fate == "approve":
            review_decide(actor=approver, item=item, decision="approve", revision_number=1)
        elif fate == "publish":
            review_decide(actor=approver, item=item, decision="approve", revision_number=1)
            publication_create(
                actor=author, item=item, outlet="VTV1", published_at=timezone.now() - dt.timedelta(hours=2)
            )
    return created
