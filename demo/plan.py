"""Demo data of the plan for `manage.py seed_demo`: flagship products, entered readings, milestone
progress, the postal firms' own waves (one co-owned with Bắc Giang's DIC), themed items and a delegation.
Idempotent: a second run creates nothing."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation
from accounts.permissions import actor_for_user, system_actor
from calendars.models import Province
from campaigns.models import Campaign
from campaigns.services import campaign_advance_due, campaign_create
from demo.plan_content import plan_content_demo_seed
from plan.models import FlagshipProduct, IndicatorReading, Milestone, PlanEdition, SeasonProposal
from plan.services import flagship_record, milestone_update, season_proposal_decide, season_propose

DEMO = system_actor("demo")  # seed_demo acts as a trusted command

FLAGSHIP = {
    "24": ["Vải thiều Lục Ngạn", "Vải thiều sớm (Tân Yên; Lục Ngạn)", "Gà đồi Yên Thế", "Mỳ Chũ"],
    "33": ["Nhãn lồng Hưng Yên", "Gà Đông Tảo", "Tương Bần"],
    "01": ["Bưởi Diễn", "Chè Tân Cương", "Sữa bò Ba Vì"],
}
READINGS = [  # indicator, province code or "", as of, value, note
    ("ocop_3star_listed_share", "24", dt.date(2022, 6, 30), Decimal(72), "Sở TTTT Bắc Giang (demo)"),
    ("ocop_3star_listed_share", "24", dt.date(2022, 12, 31), Decimal(100), "Sở TTTT Bắc Giang (demo)"),
    ("ocop_quality_info_share", "", dt.date(2022, 9, 30), Decimal(64), "Tổng hợp của hai sàn (demo)"),
    ("household_data_digitised_share", "", dt.date(2022, 6, 30), Decimal(58), "Tổng hợp (demo)"),
    ("origin_info_share", "", dt.date(2022, 12, 31), Decimal(91), "Tổng hợp của hai sàn (demo)"),
    ("households_digitised", "", dt.date(2022, 12, 31), Decimal(9_200_000), "Tổng hợp (demo)"),
    ("ocop_3star_listed_share", "33", dt.date(2022, 12, 31), Decimal(84), "Sở TTTT Hưng Yên (demo)"),
    ("cooperative_basic_trained_share", "24", dt.date(2022, 5, 31), Decimal(82), "Sở TTTT Bắc Giang (demo)"),
    ("cooperative_basic_trained_share", "33", dt.date(2022, 5, 31), Decimal(70), "Sở TTTT Hưng Yên (demo)"),
    (
        "cooperative_advanced_trained_share",
        "24",
        dt.date(2022, 8, 31),
        Decimal(61),
        "Sở TTTT Bắc Giang (demo)",
    ),
    ("ocop_quality_info_share", "24", dt.date(2022, 9, 30), Decimal(80), "Sở TTTT Bắc Giang (demo)"),
    ("household_data_digitised_share", "24", dt.date(2022, 6, 30), Decimal(75), "Sở TTTT Bắc Giang (demo)"),
    ("origin_info_share", "24", dt.date(2022, 12, 31), Decimal(96), "Sở TTTT Bắc Giang (demo)"),
    ("households_digitised", "24", dt.date(2022, 12, 31), Decimal(310_000), "Sở TTTT Bắc Giang (demo)"),
    ("conversion_rate", "", dt.date(2022, 12, 31), Decimal(18), "Tổng hợp của hai sàn (demo)"),
    ("input_suppliers_listed", "", dt.date(2022, 12, 31), Decimal(1_250), "Tổng hợp của hai sàn (demo)"),
]
FIRM_WAVES = [  # firm code, kind, title, start, days, province or None, partner DIC code
    (
        "vnpost",
        "sales_programme",
        "Postmart: Tuần lễ nông sản Tết (demo)",
        dt.date(2022, 1, 10),
        14,
        None,
        "",
    ),
    (
        "vnpost",
        "sales_programme",
        "Postmart: Mùa vải Bắc Giang (demo)",
        dt.date(2022, 6, 1),
        30,
        "24",
        "dic-24",
    ),
    ("viettelpost", "sales_programme", "Voso: Mùa nhãn lồng (demo)", dt.date(2022, 7, 15), 30, "33", ""),
    ("viettelpost", "supplier_campaign", "Voso: Vật tư đầu vụ (demo)", dt.date(2022, 2, 7), 21, None, ""),
    (
        "vnpost",
        "supplier_campaign",
        "Postmart: Kết nối nhà cung cấp vật tư nông nghiệp (demo)",
        dt.date(2022, 3, 7),
        14,
        None,
        "",
    ),
]
PROPOSALS = [  # DIC, product, English, months, source, and the working group's decision (None: pending)
    (
        "dic-24",
        "Cam Bố Hạ",
        "Bo Ha orange",
        (10, 12),
        "Đề xuất của Sở TTTT Bắc Giang (demo) – cần nguồn đã công bố",
        None,
    ),
    (
        "dic-24",
        "Vải thiều Lục Ngạn",
        "Luc Ngan lychee",
        (5, 8),
        "Ý kiến của hộ trồng vải (demo)",
        "Vụ chính tháng 6–7 theo nguồn đã xác minh; nguồn đề xuất chưa đủ căn cứ (demo).",
    ),
]


@transaction.atomic
def plan_demo_seed() -> int:
    """Everything above, once; returns how many rows it created."""
    edition = PlanEdition.objects.filter(code="2022").first()
    if edition is None:
        return 0
    created = 0
    for code, names in FLAGSHIP.items():
        province = Province.objects.get(map="2022", code=code)
        for name in names:
            if not FlagshipProduct.objects.filter(
                edition=edition, province=province, product__name=name
            ).exists():
                flagship_record(actor=DEMO, edition=edition, province=province, product_name=name)
                created += 1
    for code, province, as_of, value, note in READINGS:
        indicator = edition.indicators.get(code=code)
        prov = Province.objects.get(map="2022", code=province) if province else None
        _, made = IndicatorReading.objects.get_or_create(
            indicator=indicator, province=prov, as_of=as_of, defaults={"value": value, "note": note}
        )
        created += made
    for code, status, evidence in [
        ("w07-focal-points", "done", "Công văn cử đầu mối của các Sở TTTT (demo)"),
        ("w09-flagship-products", "done", "Danh sách sản phẩm chủ lực của 3 tỉnh trên Mùa (demo)"),
        ("training-phase-1", "done", "Báo cáo tập huấn giai đoạn 1 (demo)"),
        ("w12-household-data", "in_progress", ""),
        ("w13-q1-review", "done", "Báo cáo sơ kết quý I gửi Lãnh đạo Bộ (demo)"),
        ("w17-ocop-listed", "late", "Còn 6 tỉnh chưa đưa đủ sản phẩm OCOP 3 sao lên sàn (demo)"),
    ]:
        milestone = Milestone.objects.get(edition=edition, code=code)
        if milestone.status != status:
            milestone_update(actor=DEMO, milestone=milestone, status=status, evidence=evidence)
    created += _firm_waves() + _proposals()
    campaign_advance_due(today=timezone.localdate())  # the firms' 2022 waves are over by now
    return created + plan_content_demo_seed()


def _firm_waves() -> int:
    """Each firm schedules its own waves with its own editor's rights, as its API key would."""
    created = 0
    for firm_code, kind, title, start, days, province, partner in FIRM_WAVES:
        firm = Organisation.objects.filter(code=firm_code).first()
        editor = get_user_model().objects.filter(username=firm_code).first()
        if firm is None or editor is None or Campaign.objects.filter(title=title).exists():
            continue
        campaign_create(
            actor=actor_for_user(editor),
            title=title,
            kind=kind,
            harvest_start=start,
            harvest_end=start + dt.timedelta(days=days),
            province=Province.objects.get(map="2022", code=province) if province else None,
            notes="Đợt của doanh nghiệp bưu chính (demo).",
            partners=list(Organisation.objects.filter(code=partner)),  # the province's DIC co-owns it
        )
        created += 1
    return created


def _proposals() -> int:
    """A DIC's proposals: one waiting for the working group, one it did not accept (with its reason)."""
    created = 0
    for dic_code, name, name_en, (first, last), source, rejection in PROPOSALS:
        dic = Organisation.objects.get(code=dic_code)
        if SeasonProposal.objects.filter(proposed_by=dic, product_name=name).exists():
            continue
        proposal = season_propose(
            actor=DEMO,
            organisation=dic,
            province=dic.province,
            season=None,
            product_name=name,
            product_en=name_en,
            category="fruit",
            start_month=first,
            end_month=last,
            source=source,
        )
        if rejection:
            season_proposal_decide(actor=DEMO, proposal=proposal, accept=False, comment=rejection)
        created += 1
    return created
