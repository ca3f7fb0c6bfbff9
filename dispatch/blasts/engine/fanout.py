"""Fan-out: one pending Message row per audience contact, materialised in one statement."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from dispatch.contacts.selectors import audience_contacts, audience_filter_of
from dispatch.models import Blast, BlastStatus

from . import queueing
from .db import M, db_time


def fan_out(*, blast_id: int) -> int:
    """Materialise one pending Message per audience contact with one INSERT … SELECT; returns rows added."""
    blast = Blast.objects.select_related("audience", "organisation").get(pk=blast_id)
    if blast.status != BlastStatus.RUNNING:
        return 0
    contacts = audience_contacts(
        organisation=blast.organisation, audience_filter=audience_filter_of(blast.audience)
    )
    sub_sql, sub_params = contacts.order_by().values("id", "phone").query.sql_with_params()
    now = timezone.now()
    sql = (
        f"INSERT INTO {M} (blast_id, contact_id, phone, status, reason, text, encoding, parts, provider_id,"
        " error_code, attempts, next_attempt_at, lease_owner, in_doubt, updated_at)"
        f" SELECT %s, c.id, c.phone, 'pending', '', '', '', 0, '', '', 0, %s, '', %s, %s FROM ({sub_sql}) c"
        " WHERE true ON CONFLICT (blast_id, contact_id) DO NOTHING"
    )
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, [blast.pk, db_time(now), False, db_time(now), *sub_params])
            added = cursor.rowcount
        Blast.objects.filter(pk=blast.pk).update(fanned_out=True)
        transaction.on_commit(lambda: queueing.pump(blast_id=blast.pk, tag="fan"))
    return max(added, 0)
