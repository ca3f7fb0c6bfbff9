"""Issue 13, finding 8: permission before a byte of an upload is read, size caps, and hostile rows that
reject themselves rather than the file (or the server)."""

import io

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from accounts.models import OrganisationKind, Role
from dispatch.contacts import services
from dispatch.models import Contact, ImportRejection, ImportStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def firms():
    vnpost = factories.organisation(OrganisationKind.POSTAL_FIRM, code="vnpost")
    factories.organisation(OrganisationKind.POSTAL_FIRM, code="viettelpost")
    return factories.api_key(vnpost)


def post_multipart(key, path, body: bytes, boundary="mua"):
    return Client().generic(
        "POST",
        path,
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
        headers={"X-API-Key": key},
    )


def multipart(filename: str, content: bytes, boundary="mua", **fields) -> bytes:
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        f"Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def test_another_firms_upload_is_refused_before_its_body_is_read(firms, monkeypatch):
    """The body here is not even valid multipart: a 403 proves nothing of it was parsed first."""
    import reports.api

    monkeypatch.setattr(reports.api, "parse_upload", lambda **kw: pytest.fail("the file was read"))
    response = post_multipart(firms, "/api/v1/reports/upload/viettelpost", b"x" * 1_000_000)
    assert response.status_code == 403, response.content


def test_an_upload_over_its_kinds_cap_is_refused_naming_the_cap(firms, settings):
    settings.MUA_UPLOAD_MAX_BYTES = {"reports": 100_000}
    body = multipart("bao-cao.csv", b"week,press_articles\n" + b"2022-W07,1\n" * 20_000)
    response = post_multipart(firms, "/api/v1/reports/upload/vnpost", body)
    assert response.status_code == 413 and "tối đa 0.1 MB" in response.json()["detail"]


def test_a_single_line_csv_with_a_huge_field_is_a_400_naming_it(firms):
    body = multipart("bao-cao.csv", b"week,press_articles\n2022-W07," + b"9" * 300_000 + b"\n")
    response = post_multipart(firms, "/api/v1/reports/upload/vnpost", body)
    assert response.status_code == 400, response.content
    assert "Dòng 2" in response.json()["detail"] and "quá dài" in response.json()["detail"]


def test_a_contact_file_over_the_cap_is_refused_before_it_is_stored(settings):
    settings.MUA_UPLOAD_MAX_BYTES = {"contacts": 200_000}
    org = factories.national()
    key = factories.api_key(org)
    body = multipart("ds.csv", b"phone\n" + b"0912345678\n" * 30_000, organisation=org.code)
    response = post_multipart(key, "/api/v1/dispatch/imports", body)
    assert response.status_code == 413 and "Tệp quá lớn" in response.json()["detail"]


def test_a_contact_upload_by_someone_who_imports_nowhere_is_refused_unread():
    key = factories.api_key(factories.organisation(OrganisationKind.POSTAL_FIRM), Role.EDITOR)
    response = post_multipart(key, "/api/v1/dispatch/imports", b"not multipart at all")
    assert response.status_code == 403


def test_a_nul_byte_or_a_128_kb_field_rejects_that_row_only():
    data = b"phone,name\n0912000001,A\n0912000002,B\x00C\n0912000003," + b"x" * 140_000 + b"\n0912000004,D\n"
    created = services.contact_import_create(
        actor=factories.SYSTEM,
        organisation=factories.national(),
        file=ContentFile(data, name="ds.csv"),
        filename="ds.csv",
        enqueue=False,
    )
    done = services.contact_import_run(contact_import_id=created.pk)
    assert done.status == ImportStatus.DONE
    assert (done.accepted, done.rejected) == (2, 2)
    assert set(Contact.objects.values_list("name", flat=True)) == {"A", "D"}
    reasons = dict(ImportRejection.objects.values_list("line", "reason"))
    assert reasons == {3: "nul_byte", 4: "field_too_large"}


def test_the_report_page_refuses_a_too_large_upload_before_reading_it(settings):
    settings.MUA_UPLOAD_MAX_BYTES = {"reports": 1000}
    firm = factories.organisation(OrganisationKind.POSTAL_FIRM)
    user = factories.user(org=firm, role=Role.EDITOR)
    client = Client()
    client.force_login(user)
    response = client.post("/reports/file/", {"file": io.BytesIO(b"week\n" + b"2022-W01\n" * 500)})
    assert response.status_code == 413
