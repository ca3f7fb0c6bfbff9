"""dispatch's models, gathered for Django: who may be reached (contacts/models.py) and what is sent to them
(blasts/models.py)."""

from dispatch.blasts.models import (
    ACTIVE_MESSAGE_STATUSES,
    Blast,
    BlastCategory,
    BlastStatus,
    Message,
    MessageStatus,
)
from dispatch.contacts.models import (
    Audience,
    ConsentSource,
    Contact,
    ContactImport,
    ContactKind,
    ImportKind,
    ImportRejection,
    ImportStatus,
    Suppression,
    SuppressionReason,
    SuppressionRemoval,
)

__all__ = [
    "ACTIVE_MESSAGE_STATUSES",
    "Audience",
    "Blast",
    "BlastCategory",
    "BlastStatus",
    "ConsentSource",
    "Contact",
    "ContactImport",
    "ContactKind",
    "ImportKind",
    "ImportRejection",
    "ImportStatus",
    "Message",
    "MessageStatus",
    "Suppression",
    "SuppressionReason",
    "SuppressionRemoval",
]
