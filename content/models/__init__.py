"""Content's models. Import from here: `from content.models import ContentItem, Feed`.

core.py: content items, revisions, reviews, comments, audit, publications (the approval workflow).
feeds.py: news feeds and their entries (counting what outlets really published).
"""

from .core import (
    AWAITING_APPROVAL,
    CLOSED,
    EDITABLE,
    PUBLISHABLE,
    REVIEWER_DECISIONS,
    AuditAction,
    AuditEntry,
    Channel,
    Comment,
    ContentItem,
    Decision,
    ItemStatus,
    Language,
    Publication,
    PublicationSource,
    Review,
    Revision,
)
from .feeds import KIND_CHANNEL, MAX_BACKOFF, EntryStatus, Feed, FeedEntry, FeedKind

__all__ = [
    "AWAITING_APPROVAL",
    "CLOSED",
    "EDITABLE",
    "KIND_CHANNEL",
    "MAX_BACKOFF",
    "PUBLISHABLE",
    "REVIEWER_DECISIONS",
    "AuditAction",
    "AuditEntry",
    "Channel",
    "Comment",
    "ContentItem",
    "Decision",
    "EntryStatus",
    "Feed",
    "FeedEntry",
    "FeedKind",
    "ItemStatus",
    "Language",
    "Publication",
    "PublicationSource",
    "Review",
    "Revision",
]
