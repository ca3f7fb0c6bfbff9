"""rq jobs of dispatch: take ids, load, call one service."""

import logging

from core.errors import DomainError
from core.locks import runs_alone

from .contacts.services import contact_import_run

logger = logging.getLogger(__name__)


def contact_import_job(contact_import_id: int) -> str:
    """Run or resume one contact/Do-Not-Call import; a bad file is recorded on the import, not retried."""
    try:
        done = contact_import_run(contact_import_id=contact_import_id)
    except DomainError as exc:
        logger.warning("import %s failed: %s", contact_import_id, exc.message)
        return f"failed: {exc.message}"
    return f"{done.accepted} accepted, {done.merged} merged, {done.rejected} rejected"


def blast_fan_out_job(blast_id: int) -> str:
    """Materialise a blast's Message rows and queue its batches (safe to repeat)."""
    from .blasts.engine import fan_out

    return f"{fan_out(blast_id=blast_id)} messages added"


def blast_batch_job(blast_id: int) -> dict:
    """Claim and send one batch of a blast."""
    from rq import get_current_job

    from .blasts.engine import batch_run

    job = get_current_job()
    return batch_run(blast_id=blast_id, job_id=job.id if job else None)


@runs_alone("dispatch-tick", seconds=300)
def dispatch_tick() -> dict | None:
    """Every minute: scheduled starts, expiry, the reaper, deferred release, lost work re-queued."""
    from .blasts.engine import tick

    return tick()
