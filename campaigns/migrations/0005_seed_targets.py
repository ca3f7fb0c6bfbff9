"""The plan's targets for 2022 (docs/architecture.md, targets); the Postal Department edits them afterwards."""

import datetime as dt

from django.db import migrations

YEAR_FROM, YEAR_UNTIL = dt.date(2022, 1, 3), dt.date(2023, 1, 1)  # ISO weeks 2022-W01 … 2022-W52
THEME_FROM, THEME_UNTIL = dt.date(2022, 10, 3), dt.date(2023, 1, 1)  # 2022-W40 … 2022-W52

PLAN = [
    dict(metric="news_items", scope="national", period="week", minimum=2, active_from=YEAR_FROM,
         active_until=YEAR_UNTIL, label="Ít nhất 2 tin, bài báo chí và truyền hình mỗi tuần"),
    dict(metric="news_items", scope="national", period="week", minimum=2, active_from=THEME_FROM,
         active_until=THEME_UNTIL, label="Tuần lễ \"Người Việt dùng hàng Việt\" (tuần 40–52)"),
    dict(metric="sales_programmes", scope="organisation", organisation_kind="postal_firm", period="quarter",
         minimum=1, active_from=dt.date(2022, 1, 1), active_until=dt.date(2022, 12, 31),
         label="Mỗi doanh nghiệp bưu chính: ít nhất 1 chương trình bán hàng mỗi quý"),
    dict(metric="supplier_campaigns", scope="organisation", organisation_kind="postal_firm", period="month",
         minimum=2, active_from=dt.date(2022, 1, 1), active_until=dt.date(2022, 12, 31),
         label="Mỗi doanh nghiệp bưu chính: ít nhất 2 chiến dịch tiếp thị cho nhà cung cấp mỗi tháng"),
]


def seed(apps, schema_editor):
    Target = apps.get_model("campaigns", "Target")
    for row in PLAN:
        keys = {k: row[k] for k in ("metric", "scope", "period", "active_from", "label")}
        Target.objects.get_or_create(**keys, defaults=row)


def unseed(apps, schema_editor):
    Target = apps.get_model("campaigns", "Target")
    for row in PLAN:
        Target.objects.filter(metric=row["metric"], label=row["label"]).delete()


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0004_reports")]
    operations = [migrations.RunPython(seed, unseed)]
