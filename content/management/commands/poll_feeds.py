import time

from django.core.management.base import BaseCommand, CommandError

from content.feeds.selectors import feeds_due
from content.feeds.services import feed_poll
from content.models import Feed
from core.errors import NotFound


class Command(BaseCommand):
    help = (
        "Poll news feeds now: every due feed, every active feed (--all), or one (--feed ID, even if paused)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--feed", type=int, help="poll only this feed (by id)")
        parser.add_argument("--all", action="store_true", help="every active feed, due or not")

    def handle(self, *args, feed=None, all=False, **options):
        if feed is not None:
            ids = [feed]
        elif all:
            ids = list(Feed.objects.filter(active=True).order_by("pk").values_list("pk", flat=True))
        else:
            ids = feeds_due()
        total = len(ids)
        self.stdout.write(f"feeds to poll: {total}")
        summary = {}
        for n, feed_id in enumerate(ids, 1):
            started = time.monotonic()
            try:
                outcome = feed_poll(feed_id=feed_id, force=feed is not None)
            except NotFound as exc:
                raise CommandError(exc.message) from None
            summary[outcome.status] = summary.get(outcome.status, 0) + 1
            self.stdout.write(
                f"[{n}/{total}] feed {feed_id}: {outcome.status} new={outcome.created} "
                f"edited={outcome.updated} matched={outcome.matched} to_confirm={outcome.to_confirm} "
                f"duplicates={outcome.duplicates} ({time.monotonic() - started:.1f}s)"
                + (f" {outcome.message}" if outcome.message else "")
            )
        self.stdout.write(
            "done: " + (", ".join(f"{k}={v}" for k, v in sorted(summary.items())) or "nothing due")
        )
