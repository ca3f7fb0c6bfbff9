"""Writes for contacts, imports and audiences (the suppression list: suppression.py); permission checks."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from django.core.files.base import File
from django.db import connection, reset_queries, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import SMS_ORG_KINDS, Organisation, OrganisationKind, Role
from accounts.permissions import (
    Actor,
    actor_required,
    province_in_scope,
    require_org_role,
    require_province,
    written_by,
)
from calendars.models import Province, ProvinceMap
from core.choices import choice_clean
from core.errors import Conflict, DomainError, PermissionDenied
from core.formatting import display_name
from core.queues import enqueue_on_commit
from dispatch.contacts.models import (
    Audience,
    Contact,
    ContactImport,
    ContactKind,
    ImportKind,
    ImportRejection,
    ImportStatus,
    PersonalDataAccess,
    Suppression,
    SuppressionReason,
)

from . import rows as contactrows
from .importfile import FileReader, Row
from .phones import InvalidPhone, phone_normalize
from .rows import ContactRow, RowContext, RowError
from .selectors import AudienceFilter

BATCH_SIZE = 2000


# --- imports -------------------------------------------------------------------------------------------


@actor_required
@transaction.atomic
def contact_import_create(
    *,
    actor: Actor,
    organisation: Organisation,
    file: File,
    filename: str,
    kind: str = ImportKind.CONTACTS,
    consent_evidence: str = "",
    created_by=None,
    enqueue: bool = True,
) -> ContactImport:
    """Store an uploaded file and queue its import (the command line passes a system actor)."""
    choice_clean(kind, ImportKind, field="kind")
    _require_import_right(actor, organisation, kind)
    if organisation.kind not in SMS_ORG_KINDS:
        raise PermissionDenied(_("Chỉ Vụ Bưu chính, Tổ công tác và Sở TTTT quản lý danh bạ SMS."))
    contact_import = ContactImport(
        kind=kind,
        organisation=organisation,
        **(written_by(actor) if created_by is None else {"created_by": created_by}),
        filename=filename[:255],
        file_size=file.size or 0,
        consent_evidence=consent_evidence[:300],
    )
    contact_import.file.save(filename, file, save=False)
    contact_import.save()
    if enqueue:
        _enqueue_import(contact_import)
    return contact_import


# rq's default 180 s would kill a national-scale file half-way (1M rows take about a minute and a half).
IMPORT_JOB_TIMEOUT = 6 * 3600
# By dotted path: dispatch.jobs also runs blasts, which contacts never import.
IMPORT_JOB = "dispatch.jobs.contact_import_job"


def _enqueue_import(contact_import: ContactImport) -> None:
    enqueue_on_commit(
        IMPORT_JOB,
        contact_import.pk,
        queue="default",
        job_timeout=IMPORT_JOB_TIMEOUT,
        job_id=f"contact-import-{contact_import.pk}-{contact_import.rows_done}",
    )


@actor_required
@transaction.atomic
def contact_import_resume(*, actor: Actor, contact_import: ContactImport) -> ContactImport:
    """Queue an interrupted import again; it continues from its checkpoint."""
    _require_import_right(actor, contact_import.organisation, contact_import.kind)
    if contact_import.status == ImportStatus.DONE:
        raise Conflict(_("Lượt nhập này đã hoàn tất."))
    _enqueue_import(contact_import)
    return contact_import


def _require_import_right(actor: Actor, organisation: Organisation, kind: str) -> None:
    require_org_role(actor, organisation, Role.EDITOR)
    if kind == ImportKind.DO_NOT_CALL and not actor.is_national(Role.EDITOR):
        raise PermissionDenied(_("Chỉ Vụ Bưu chính hoặc Tổ công tác nhập danh sách không làm phiền."))


def contact_import_run(*, contact_import_id: int, progress: Callable[[ContactImport], None] | None = None):
    """Run (or resume) an import: each batch commits its rows, rejections and checkpoint together.

    Deliberately not one transaction: a million rows must not wait for one commit, and a crash loses at
    most the batch in flight, which the next run re-reads from the checkpoint. Re-running is harmless:
    rows upsert by phone number and merged values that change nothing are not written.
    """
    contact_import = ContactImport.objects.select_related("organisation__province").get(pk=contact_import_id)
    if contact_import.status == ImportStatus.DONE:
        return contact_import
    contact_import.start()
    try:
        ctx = _row_context(contact_import)
        with contact_import.file.open("rb") as stream:
            reader = FileReader(stream, size=contact_import.file_size)
            batch: list[Row] = []
            for seen, row in enumerate(reader, start=1):
                if seen == 1:
                    _apply_header(ctx, reader.columns, contact_import)
                if seen <= contact_import.rows_done:
                    continue  # committed by an earlier run
                batch.append(row)
                if len(batch) >= BATCH_SIZE:
                    _commit_batch(contact_import, batch, ctx, reader.fraction)
                    batch = []
                    if progress:
                        progress(contact_import)
            if batch:
                _commit_batch(contact_import, batch, ctx, reader.fraction)
        contact_import.finish()
    except DomainError as exc:
        contact_import.fail(exc.message)
        raise
    except Exception as exc:
        contact_import.fail(f"{type(exc).__name__}: {exc}")
        raise
    if progress:
        progress(contact_import)
    return contact_import


def _row_context(contact_import: ContactImport) -> RowContext:
    org = contact_import.organisation
    provinces: dict[str, int | None] = {}
    old = list(Province.objects.filter(map=ProvinceMap.MAP_2022))
    for p in Province.objects.filter(map=ProvinceMap.MAP_2025).prefetch_related("predecessors"):
        preds = list(p.predecessors.all())
        value = preds[0].pk if len(preds) == 1 else None
        provinces[contactrows.province_key(p.name)] = value
    for p in old:  # the 2022 map wins where names or codes coincide
        provinces[contactrows.province_key(p.code)] = p.pk
        provinces[contactrows.province_key(p.name)] = p.pk
    if org.kind == OrganisationKind.DIC:
        allowed = {p.pk for p in old if province_in_scope(org, p)}
        default = next(iter(allowed)) if len(allowed) == 1 else None
    else:
        allowed, default = None, None
    return RowContext(
        organisation_id=org.pk,
        provinces=provinces,
        allowed_province_ids=allowed,
        default_province_id=default,
        consent_column=False,  # known once the header is read: _apply_header
        consent_evidence=contact_import.consent_evidence,
        now=contact_import.created_at,
    )


def _apply_header(ctx: RowContext, columns: set[str], contact_import: ContactImport) -> None:
    """A consent column decides per row; without one, the file's evidence (if any) covers every row."""
    ctx.consent_column = "consent" in columns
    if ctx.consent_column and not ctx.consent_evidence:
        ctx.consent_evidence = f"Nhập từ tệp {contact_import.filename} (lượt nhập #{contact_import.pk})"


def _commit_batch(contact_import: ContactImport, rows: list[Row], ctx: RowContext, fraction: float) -> None:
    # With DEBUG on (make run, the command line in development) Django keeps the text of the last 9,000
    # queries; a batch upsert's text is the whole batch, so memory would grow with the file.
    reset_queries()
    with transaction.atomic():
        rejections: list[ImportRejection] = []
        if contact_import.kind == ImportKind.DO_NOT_CALL:
            accepted, merged = _upsert_suppressions(contact_import, rows, rejections)
        else:
            accepted, merged = _upsert_contacts(contact_import, rows, ctx, rejections)
        ImportRejection.objects.bulk_create(rejections, ignore_conflicts=True)
        before = contact_import.rows_done
        # Optimistic lock on the checkpoint: if another run moved it, this batch is rolled back.
        updated = ContactImport.objects.filter(pk=contact_import.pk, rows_done=before).update(
            rows_done=before + len(rows),
            accepted=F("accepted") + accepted,
            merged=F("merged") + merged,
            rejected=F("rejected") + len(rejections),
            progress=min(int(fraction * 100), 99),
        )
        if not updated:
            raise Conflict(_("Lượt nhập này đang được một tiến trình khác chạy."))
    contact_import.rows_done = before + len(rows)
    contact_import.accepted += accepted
    contact_import.merged += merged
    contact_import.rejected += len(rejections)
    contact_import.progress = min(int(fraction * 100), 99)


def _reject(contact_import: ContactImport, row: Row, reason: str, message: str) -> ImportRejection:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(row.raw)
    return ImportRejection(
        contact_import=contact_import,
        line=row.line,
        reason=reason,
        message=message[:300],
        raw=buffer.getvalue().rstrip("\r\n"),
    )


# The one reason given for a number the importer may not write to: it says nothing of whose it is, where,
# or whether it exists, so an import cannot be used to probe another holder's list.
NOT_IMPORTABLE = ("not_importable", "Không nhập được số này vào danh bạ của đơn vị.")


def _upsert_contacts(contact_import, rows, ctx, rejections) -> tuple[int, int]:
    """Set-based: one SELECT of the batch's numbers, one INSERT … ON CONFLICT DO UPDATE.

    An import writes only contacts in its organisation's scope (selectors.contact_scope_q): a number
    held outside it is rejected with NOT_IMPORTABLE, and a contact held by another organisation never
    gains consent from the importer's file (consent is its holder's to record)."""
    candidates: dict[str, ContactRow] = {}
    lines: dict[str, list[Row]] = {}
    merged = 0
    for row in rows:
        if row.error:
            rejections.append(_reject(contact_import, row, *row.error))
            continue
        try:
            contact = contactrows.contact_from_row(row.values, ctx)
        except RowError as exc:
            rejections.append(_reject(contact_import, row, exc.reason, exc.message))
            continue
        lines.setdefault(contact.phone, []).append(row)
        if contact.phone in candidates:
            candidates[contact.phone] = contactrows.merge(candidates[contact.phone], contact)
            merged += 1
        else:
            candidates[contact.phone] = contact
    existing = {values[0]: ContactRow(*values) for values in _contacts_existing(list(candidates))}
    to_write, created = [], 0
    for phone, contact in candidates.items():
        old = existing.get(phone)
        if old is None:
            contact.kind = contact.kind or ContactKind.OTHER
            to_write.append(contact)
            created += 1
            continue
        if not ctx.may_write(old):
            merged -= len(lines[phone]) - 1  # its in-file duplicates were counted as merged above
            rejections.extend(_reject(contact_import, row, *NOT_IMPORTABLE) for row in lines[phone])
            continue
        merged += 1
        keep = ctx.allowed_province_ids is not None and old.province_id not in ctx.allowed_province_ids
        foreign = old.organisation_id != ctx.organisation_id
        new = contactrows.merge(old, contact, keep_province=keep, keep_consent=foreign)
        if not contactrows.same(old, new):
            new.updated_at = timezone.now()
            to_write.append(new)
    _contacts_upsert(to_write)
    return created, merged


UPDATE_COLUMNS = [*contactrows.MERGE_FIELDS, "updated_at"]


def _contacts_existing(phones: list[str]):
    """Rows (in ContactRow column order) of the numbers already known, by the unique index."""
    return Contact.objects.filter(phone__in=phones).values_list(*contactrows.COLUMNS)


def _contacts_upsert(rows: list[ContactRow]) -> None:
    """INSERT … ON CONFLICT (phone) DO UPDATE. On PostgreSQL from a COPY-filled staging table, skipping a
    model instance and Python-side quoting per row; elsewhere through bulk_create (the same statement)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        Contact.objects.bulk_create(
            [r.as_model() for r in rows],
            update_conflicts=True,
            unique_fields=["phone"],
            update_fields=[f.removesuffix("_id") for f in UPDATE_COLUMNS],
        )
        return
    table = Contact._meta.db_table
    columns = ", ".join(contactrows.COLUMNS)
    with connection.cursor() as cursor:
        # COPY into a per-transaction staging table (psycopg's C copy path), then one set-based upsert.
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS contact_import_stage ON COMMIT DELETE ROWS "
            f"AS SELECT {columns} FROM {table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY contact_import_stage ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row.as_tuple())
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM contact_import_stage "
            f"ON CONFLICT (phone) DO UPDATE SET {', '.join(f'{c} = EXCLUDED.{c}' for c in UPDATE_COLUMNS)}"
        )
        cursor.execute("TRUNCATE contact_import_stage")


def _upsert_suppressions(contact_import, rows, rejections) -> tuple[int, int]:
    phones: dict[str, None] = {}
    duplicates = 0
    for row in rows:
        if row.error:
            rejections.append(_reject(contact_import, row, *row.error))
            continue
        try:
            phone = phone_normalize(row.values.get("phone")).e164
        except InvalidPhone as exc:
            rejections.append(_reject(contact_import, row, f"phone_{exc.code}", exc.message))
            continue
        duplicates += phone in phones
        phones[phone] = None
    known = set(Suppression.objects.filter(phone__in=list(phones)).values_list("phone", flat=True))
    Suppression.objects.bulk_create(
        [
            Suppression(
                phone=p,
                reason=SuppressionReason.DO_NOT_CALL,
                note=f"{contact_import.filename} (#{contact_import.pk})"[:300],
            )
            for p in phones
            if p not in known
        ],
        ignore_conflicts=True,
    )
    return len(phones) - len(known), len(known) + duplicates


# --- audiences -----------------------------------------------------------------------------------------


def audience_filter_clean(
    *, provinces: list[tuple[str, str]], kinds: list[str], tags: list[str], consent_required: bool
) -> AudienceFilter:
    """Resolve (map, code) pairs and check kinds; tags become the stored slugs."""
    resolved = []
    for map_, code in provinces:
        province = Province.objects.filter(map=map_, code=code).first()
        if province is None:
            raise DomainError(
                _("Không có tỉnh/thành mã '%(code)s' trên bản đồ %(map)s.") % {"code": code, "map": map_},
                field="provinces",
            )
        resolved.append(province)
    bad = [k for k in kinds if k not in ContactKind.values]
    if bad:
        raise DomainError(_("Đối tượng không có: %(bad)s.") % {"bad": ", ".join(bad)}, field="kinds")
    slugs = contactrows.tags_normalize(",".join(tags)).strip(",")
    return AudienceFilter(
        provinces=tuple(resolved),
        kinds=tuple(dict.fromkeys(kinds)),
        tags=tuple(t for t in slugs.split(",") if t),
        consent_required=consent_required,
    )


@actor_required
@transaction.atomic
def audience_create(
    *, actor: Actor, organisation: Organisation, name: str, audience_filter: AudienceFilter
) -> Audience:
    """Save a filter for an organisation; a DIC may only pick provinces in its scope."""
    require_org_role(actor, organisation, Role.EDITOR)
    _check_provinces(actor, organisation, audience_filter)
    if Audience.objects.filter(organisation=organisation, name=name).exists():
        raise Conflict(_("Đã có nhóm người nhận tên '%(name)s'.") % {"name": name}, field="name")
    audience = Audience.objects.create(
        name=name,
        organisation=organisation,
        kinds=list(audience_filter.kinds),
        tags=list(audience_filter.tags),
        consent_required=audience_filter.consent_required,
        **written_by(actor),
    )
    audience.provinces.set(audience_filter.provinces)
    return audience


@actor_required
@transaction.atomic
def audience_update(
    *, actor: Actor, audience: Audience, name: str, audience_filter: AudienceFilter
) -> Audience:
    """Change an audience's name and filter."""
    require_org_role(actor, audience.organisation, Role.EDITOR)
    _check_provinces(actor, audience.organisation, audience_filter)
    audience.name = name
    audience.kinds = list(audience_filter.kinds)
    audience.tags = list(audience_filter.tags)
    audience.consent_required = audience_filter.consent_required
    audience.save(update_fields=["name", "kinds", "tags", "consent_required", "updated_at"])
    audience.provinces.set(audience_filter.provinces)
    return audience


def _check_provinces(actor: Actor, organisation: Organisation, audience_filter: AudienceFilter) -> None:
    if organisation.kind != OrganisationKind.DIC:
        return
    for province in audience_filter.provinces:
        if not province_in_scope(organisation, province):
            raise PermissionDenied(
                _("Tỉnh/thành '%(province)s' ngoài phạm vi của %(org)s.")
                % {"province": f"{province.code} {display_name(province)}", "org": display_name(organisation)}
            )
        require_province(actor, province, Role.EDITOR)


# --- the access log of personal data (Decree 13/2023) ----------------------------------------------------


@actor_required
def personal_data_access_record(
    *, actor: Actor, action: str, organisation: Organisation | None, subject: str, rows: int
) -> PersonalDataAccess:
    """Note that `actor` was shown or given `rows` contacts' personal data (its own transaction, so the
    entry stays even if the request fails after showing them)."""
    return PersonalDataAccess.objects.create(
        action=action,
        user=getattr(actor, "user", None),
        api_key_id=actor.api_key_id,
        actor_label=actor.label[:150],
        organisation=organisation,
        subject=subject[:200],
        rows=rows,
    )
