"""dispatch's models: who may be reached (contacts.py) and what is sent to them (blasts.py)."""

from .blasts import (
    ACTIVE_MESSAGE_STATUSES,
    Blast,
    BlastCategory,
    BlastStatus,
    Message,
    MessageStatus,
)
from .contacts import (
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
