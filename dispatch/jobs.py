"""rq jobs of dispatch: take ids, load, call one service."""

import logging

from config.errors import DomainError

from .services import contact_import_run

logger = logging.getLogger(__name__)


def contact_import_job(contact_import_id: int) -> str:
    """Run or resume one contact/Do-Not-Call import; a bad file is recorded on the import, not retried."""
    try:
        done = contact_import_run(contact_import_id=contact_import_id)
    except DomainError as exc:
        logger.warning("import %s failed: %s", contact_import_id, exc.message)
        return f"failed: {exc.message}"
    return f"{done.accepted} accepted, {done.merged} merged, {done.rejected} rejected"
