"""Content's models. Import from here: `from content.models import ContentItem, Feed`.

core.py: content items, revisions, reviews, comments, audit (the approval workflow).
publications.py: each appearance in the media (entered by hand, from a report or found in a feed).
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
    ContentTheme,
    Decision,
    ItemStatus,
    Language,
    Review,
    Revision,
)
from .feeds import KIND_CHANNEL, MAX_BACKOFF, EntryStatus, Feed, FeedEntry, FeedKind
from .publications import Publication, PublicationSource
from .routing import ApprovalDelegation, ApprovalRoute, ApproverKind, RouteChange, RouteScope

__all__ = [
    "ApprovalDelegation",
    "ApprovalRoute",
    "ApproverKind",
    "RouteChange",
    "RouteScope",
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
    "ContentTheme",
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
