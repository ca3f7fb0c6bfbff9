"""CSV export of waves (UTF-8 with a BOM so spreadsheet programs read Vietnamese correctly)."""

import io

from django.utils.translation import gettext as _

from core.exports import csv_writer
from core.formatting import display_name

from .models import Campaign

HEADER = [
    "id",
    "title",
    "kind",
    "status",
    "province_code",
    "province",
    "map",
    "organisation",
    "product",
    "year",
    "harvest_start",
    "harvest_end",
    "lead_time_days",
    "prep_due",
    "channels",
    "audiences",
    "news_per_week",
    "cancel_reason",
]


def _row(c: Campaign) -> list:
    return [
        c.pk,
        c.title,
        c.kind,
        c.status,
        c.province.code if c.province_id else "",
        display_name(c.province) if c.province_id else _("Toàn quốc"),
        c.province.map if c.province_id else "",
        c.organisation.code if c.organisation_id else "",
        c.product.name if c.product_id else "",
        c.year,
        c.harvest_start.isoformat(),
        c.harvest_end.isoformat(),
        c.lead_time_days,
        c.prep_due.isoformat(),
        ";".join(c.channels),
        ";".join(c.audiences),
        c.news_per_week,
        c.cancel_reason,
    ]


def campaigns_csv(campaigns) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv_writer(buffer)
    writer.writerow(HEADER)
    for campaign in campaigns.iterator(chunk_size=500):
        writer.writerow(_row(campaign))
    return buffer.getvalue()
