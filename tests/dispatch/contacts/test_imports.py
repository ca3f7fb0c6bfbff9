"""Importing contact files: encodings, separators, headers, XLSX, every row accounted for, resumable."""

import codecs
import io
import unicodedata

import pytest
from django.core.files.base import ContentFile

from accounts.models import OrganisationKind, Role
from core.errors import DomainError, PermissionDenied
from dispatch.contacts import services
from dispatch.models import Contact, ContactImport, ImportStatus, Suppression
from tests import factories

pytestmark = pytest.mark.django_db

HEADER_VI = "Số điện thoại,Họ tên,Tỉnh,Đối tượng,Nhãn,Đồng ý\n"
GOOD_ROWS = [
    "0912 345 678,Nguyễn Văn Vải,Bắc Giang,hộ SXNN,vải thiều,có",
    "'0381234567,Trần Thị Na,24,HTX,OCOP; vải thiều,có",
    "+84 868-111-222,Lê Văn Cam,Tỉnh Bắc Giang,thương lái,,không",
]
BAD_ROWS = [
    "024 3825 1234,Cơ quan,Bắc Giang,khác,,có",  # landline
    "8.49123E+10,Excel hỏng,Bắc Giang,khác,,có",  # truncated by Excel
    "0912 999 888,Tỉnh lạ,Tỉnh Mặt Trăng,khác,,có",  # unknown province
]
CSV = HEADER_VI + "\n".join(GOOD_ROWS + BAD_ROWS) + "\n"


def run_import(data: bytes, *, org=None, name="danh-ba.csv", actor=factories.SYSTEM, **kw) -> ContactImport:
    org = org or factories.organisation(OrganisationKind.WORKING_GROUP)
    created = services.contact_import_create(
        actor=actor, organisation=org, file=ContentFile(data, name=name), filename=name, enqueue=False, **kw
    )
    return services.contact_import_run(contact_import_id=created.pk)


def test_messy_file_accounts_for_every_row():
    done = run_import(CSV.encode())
    assert done.status == ImportStatus.DONE and done.progress == 100
    assert (done.accepted, done.merged, done.rejected) == (3, 0, 3)
    assert done.accepted + done.merged + done.rejected == done.rows_done == 6
    reasons = dict(done.rejections.values_list("line", "reason"))
    assert reasons == {5: "phone_landline", 6: "phone_excel_truncated", 7: "province_unknown"}
    vai = Contact.objects.get(phone="+84912345678")
    assert (vai.name, vai.province.code, vai.kind, vai.tag_list) == (
        "Nguyễn Văn Vải",
        "24",
        "farm_household",
        ["vai-thieu"],
    )
    assert vai.consent_source == "import" and vai.consent_at is not None
    assert Contact.objects.get(phone="+84381234567").tag_list == ["ocop", "vai-thieu"]
    assert Contact.objects.get(phone="+84868111222").consent_source == ""


def test_reimporting_the_same_file_changes_nothing():
    org = factories.organisation(OrganisationKind.WORKING_GROUP)
    run_import(CSV.encode(), org=org)
    before = list(Contact.objects.order_by("phone").values())
    again = run_import(CSV.encode(), org=org)
    assert (again.accepted, again.merged, again.rejected) == (0, 3, 3)
    assert list(Contact.objects.order_by("phone").values()) == before


def test_same_number_twice_in_a_file_merges_into_one_contact():
    data = "phone,name,province,tags\n0912345678,A,24,x\n+84912345678,,24,y\n"
    done = run_import(data.encode())
    assert (done.accepted, done.merged, done.rejected) == (1, 1, 0)
    contact = Contact.objects.get()
    assert (contact.name, contact.tag_list) == ("A", ["x", "y"])


def test_merge_keeps_first_consent_and_owner_and_fills_blanks():
    owner = factories.organisation(OrganisationKind.WORKING_GROUP)
    factories.contact("+84912345678", org=owner, name="", consent_source="paper", tags=",cu,")
    done = run_import("phone,name,tags,consent\n0912345678,Chị Hoa,moi,có\n".encode())
    assert done.merged == 1
    contact = Contact.objects.get()
    assert (contact.name, contact.consent_source, contact.organisation, contact.tag_list) == (
        "Chị Hoa",
        "paper",
        owner,
        ["cu", "moi"],
    )


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
        lambda s: s.encode("utf-8"),
        lambda s: s.encode("utf-16"),  # with BOM, as Excel's "Unicode text"
        lambda s: s.encode("utf-16-le"),
        lambda s: unicodedata.normalize("NFD", s).encode("utf-8"),
        lambda s: factories.to_cp1258(s),
    ],
    ids=["utf8-bom", "utf8", "utf16-bom", "utf16-le", "nfd", "windows-1258"],
)
def test_encodings_all_read_the_same_vietnamese(encode):
    done = run_import(encode(CSV))
    assert (done.accepted, done.rejected) == (3, 3)
    assert Contact.objects.get(phone="+84912345678").name == "Nguyễn Văn Vải"  # NFC, whatever came in


def test_semicolon_separated_file_with_english_headers():
    data = "Phone;Name;Province;Kind\n0912345678;Hoa, Lan;Bac Giang;consumer\n"
    done = run_import(data.encode())
    assert done.accepted == 1
    contact = Contact.objects.get()
    assert (contact.name, contact.kind, contact.province.code) == ("Hoa, Lan", "consumer", "24")


def test_xlsx_with_numeric_phone_cells():
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["SĐT", "Họ và tên", "Tỉnh/Thành phố"])
    sheet.append([84912345678, "Nguyễn A", "Bắc Giang"])
    sheet.append(["0381234567", "Trần B", 24])
    sheet.append(["02438251234", "Cơ quan", "Hà Nội"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    done = run_import(buffer.getvalue(), name="danh-ba.xlsx")
    assert (done.accepted, done.rejected) == (2, 1)
    assert done.rejections.get().line == 4


def test_a_file_without_a_phone_column_is_refused_with_the_headers_read():
    with pytest.raises(DomainError, match="thiếu cột bắt buộc: phone"):
        run_import(b"ten,tinh\nA,24\n")
    assert ContactImport.objects.get().status == ImportStatus.FAILED


def test_interrupted_import_rerun_ends_with_every_good_row_exactly_once(monkeypatch):
    monkeypatch.setattr(services, "BATCH_SIZE", 10)
    rows = [f"09{i:08d},Hộ {i},24" for i in range(1, 46)] + ["123,hỏng,24"] * 5
    data = ("phone,name,province\n" + "\n".join(rows) + "\n").encode()
    org = factories.organisation(OrganisationKind.WORKING_GROUP)
    created = services.contact_import_create(
        actor=factories.SYSTEM,
        organisation=org,
        file=ContentFile(data, name="a.csv"),
        filename="a.csv",
        enqueue=False,
    )
    calls = []

    def killed_after_the_second_batch(contact_import):  # progress: called as each batch has committed
        calls.append(contact_import.rows_done)
        if len(calls) == 2:
            raise RuntimeError("worker killed")

    with pytest.raises(RuntimeError, match="worker killed"):
        services.contact_import_run(contact_import_id=created.pk, progress=killed_after_the_second_batch)
    assert calls == [10, 20]
    half = ContactImport.objects.get(pk=created.pk)
    assert (half.status, half.rows_done, Contact.objects.count()) == (ImportStatus.FAILED, 20, 20)
    done = services.contact_import_run(contact_import_id=created.pk)
    assert (done.status, done.rows_done) == (ImportStatus.DONE, 50)
    assert (done.accepted, done.merged, done.rejected) == (45, 0, 5)
    assert Contact.objects.count() == 45
    assert done.rejections.count() == 5


def test_a_dic_imports_only_its_own_province():
    dic = factories.dic("24")
    user = factories.user(org=dic, role=Role.EDITOR)
    from accounts.permissions import actor_for_user

    data = "phone,name,province\n0912345678,A,\n0912345679,B,Hà Nội\n0912345670,C,24\n"
    done = run_import(data.encode(), org=dic, actor=actor_for_user(user))
    assert (done.accepted, done.rejected) == (2, 1)
    assert done.rejections.get().reason == "province_out_of_scope"
    assert set(Contact.objects.values_list("province__code", flat=True)) == {"24"}  # blank -> DIC's province


def test_a_viewer_may_not_import():
    dic = factories.dic("24")
    from accounts.permissions import actor_for_user

    viewer = actor_for_user(factories.user(org=dic, role=Role.VIEWER))
    with pytest.raises(PermissionDenied, match="Biên tập"):
        run_import(b"phone\n0912345678\n", org=dic, actor=viewer)


def test_a_merged_2025_unit_is_ambiguous_but_an_unmerged_one_is_accepted():
    # Bắc Giang merged into Bắc Ninh (2025); Cao Bằng stayed alone.
    data = "phone,province\n0912345678,Cao Bằng\n0912345679,Bắc Ninh\n"
    done = run_import(data.encode())
    assert done.accepted == 2  # "Bắc Ninh" is also an old province name: the 2022 map wins
    assert Contact.objects.get(phone="+84912345678").province.code == "04"


def test_do_not_call_list_without_header_suppresses_numbers():
    Suppression.objects.create(phone="+84912345678", reason="refused")
    data = b"0912345678\n0381234567\n+84 868 111 222\nkhong-phai-so\n"
    done = run_import(data, kind="do_not_call")
    assert (done.accepted, done.merged, done.rejected) == (2, 1, 1)
    assert Suppression.objects.get(phone="+84381234567").reason == "do_not_call"
    assert Suppression.objects.get(phone="+84912345678").reason == "refused"  # first reason kept


def test_import_command_shows_progress_and_counts(tmp_path, capsys):
    from django.core.management import call_command

    org = factories.organisation(OrganisationKind.WORKING_GROUP, code="tct")
    path = tmp_path / "danh-ba.csv"
    path.write_text(CSV, encoding="utf-8-sig")
    call_command("import_contacts", str(path), org="tct")
    out = capsys.readouterr().out
    assert "100%" in out and "accepted 3, merged 0, rejected 3" in out
    assert org.contacts.count() == 3


def test_import_command_resumes_an_interrupted_import(monkeypatch, capsys):
    from django.core.management import call_command

    monkeypatch.setattr(services, "BATCH_SIZE", 2)
    org = factories.organisation(OrganisationKind.WORKING_GROUP)
    data = b"phone\n0912000001\n0912000002\n0912000003\n"
    created = services.contact_import_create(
        actor=factories.SYSTEM,
        organisation=org,
        file=ContentFile(data, name="a.csv"),
        filename="a.csv",
        enqueue=False,
    )
    ContactImport.objects.filter(pk=created.pk).update(status="failed", rows_done=2)  # as if killed
    call_command("import_contacts", resume=created.pk)
    assert "rows: 3; accepted 1" in capsys.readouterr().out
    assert Contact.objects.count() == 1  # rows 1-2 were committed by the run that died


def test_import_command_refuses_an_unknown_organisation(tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "a.csv"
    path.write_text("phone\n0912345678\n")
    with pytest.raises(CommandError, match="no organisation with code 'nope'"):
        call_command("import_contacts", str(path), org="nope")


def test_without_a_consent_column_the_files_evidence_covers_every_row():
    done = run_import(b"phone\n0912345678\n", consent_evidence="Phieu dang ky ky ngay 1/6")
    contact = Contact.objects.get()
    assert done.accepted == 1
    assert (contact.consent_source, contact.consent_evidence) == ("import", "Phieu dang ky ky ngay 1/6")


def test_without_consent_column_or_evidence_no_consent_is_recorded():
    run_import(b"phone\n0912345678\n")
    assert Contact.objects.get().consent_source == ""


def test_consent_date_is_read_as_local_time_and_never_in_the_future():
    data = (
        "phone,consent,consent_at\n"
        "0912345678,có,01/06/2026\n0912345679,có,01/06/2999\n0912345670,có,hôm qua\n"
    )
    done = run_import(data.encode())
    assert done.accepted == 1
    assert dict(done.rejections.values_list("line", "reason")) == {
        3: "consent_at_future",
        4: "consent_at_invalid",
    }
    consent_at = Contact.objects.get().consent_at
    assert consent_at.isoformat() == "2026-05-31T17:00:00+00:00"  # 00:00 in Hà Nội
