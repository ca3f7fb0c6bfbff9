"""Feed polling on the queue `feeds`, from the central schedule, and the poll_feeds command."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from rq import SimpleWorker

from content.jobs import feeds_poll_due
from content.models import Feed, FeedEntry
from core.queues import get_queue
from tests import factories
from tests.content.feedgen import Item, rss20

pytestmark = pytest.mark.django_db
WHEN = dt.datetime(2026, 6, 15, 3, tzinfo=dt.UTC)


def _feed(feed_server, path="/rss", **kw):
    return factories.feed(
        feed_server.serve(path, rss20([Item("Tin", f"https://b.vn{path}", path, published=WHEN)])), **kw
    )


def test_feed_polling_is_in_the_central_schedule_every_five_minutes():
    from config.cron import SCHEDULE

    (entry,) = [job for job in SCHEDULE if job.func == "content.jobs.feeds_poll_due"]
    assert entry.cron == "*/5 * * * *"


def test_each_due_feed_is_polled_by_a_job_on_the_feeds_queue(feed_server, monkeypatch):
    import rq

    feed = _feed(feed_server)
    queued = []
    real_enqueue = rq.Queue.enqueue

    def spy(self, func, *args, **kwargs):
        queued.append((self.name, getattr(func, "__name__", func), args))
        return real_enqueue(self, func, *args, **kwargs)

    monkeypatch.setattr(rq.Queue, "enqueue", spy)
    feeds_poll_due()
    assert queued == [("feeds", "feed_poll", (feed.pk,))]


def test_the_periodic_job_polls_the_feeds_that_are_due_and_no_others(feed_server):
    due = _feed(feed_server, "/due")
    later = _feed(feed_server, "/later", next_poll_at=timezone.now() + dt.timedelta(hours=1))
    paused = _feed(feed_server, "/paused", active=False)
    assert get_queue("default").enqueue(feeds_poll_due).return_value() == 1
    assert FeedEntry.objects.filter(feed=due).count() == 1
    assert not FeedEntry.objects.filter(feed__in=[later, paused]).exists()
    due.refresh_from_db()
    assert due.next_poll_at > timezone.now() + dt.timedelta(minutes=50)
    assert get_queue("default").enqueue(feeds_poll_due).return_value() == 0


@pytest.mark.redis
def test_the_periodic_job_runs_on_a_worker_and_fans_out_one_poll_per_feed(redis_url, feed_server):
    feeds = [_feed(feed_server, f"/f{n}") for n in range(3)]
    default, feeds_queue = get_queue("default"), get_queue("feeds")
    job = default.enqueue(feeds_poll_due)
    SimpleWorker([default], connection=default.connection).work(burst=True)
    assert feeds_queue.count == 3  # one poll per feed, waiting on `feeds`
    SimpleWorker([feeds_queue], connection=feeds_queue.connection).work(burst=True)
    assert job.return_value() == 3
    assert all(FeedEntry.objects.filter(feed=f).count() == 1 for f in feeds)
    assert Feed.objects.filter(last_success_at__isnull=False).count() == 3


@pytest.mark.redis
def test_two_polls_of_one_feed_never_run_at_once_with_a_real_redis(redis_url, feed_server):
    from content.feeds.services import feed_poll
    from core.locks import exclusive

    feed = _feed(feed_server)
    with exclusive(f"feed-poll:{feed.pk}") as held:
        assert held
        assert feed_poll(feed_id=feed.pk).status == "locked"
    assert feed_poll(feed_id=feed.pk).status == "ok"


def test_poll_feeds_command_polls_one_feed_with_progress_even_when_paused(feed_server):
    feed = _feed(feed_server, active=False)
    out = StringIO()
    call_command("poll_feeds", "--feed", str(feed.pk), stdout=out)
    text = out.getvalue()
    assert "feeds to poll: 1" in text and f"[1/1] feed {feed.pk}: ok new=1" in text and "done: ok=1" in text


def test_poll_feeds_command_polls_only_due_feeds_by_default(feed_server):
    _feed(feed_server, "/a")
    _feed(feed_server, "/b", next_poll_at=timezone.now() + dt.timedelta(hours=1))
    out = StringIO()
    call_command("poll_feeds", stdout=out)
    assert "feeds to poll: 1" in out.getvalue()


def test_poll_feeds_command_names_an_unknown_feed():
    with pytest.raises(CommandError, match="Không có nguồn tin số 999"):
        call_command("poll_feeds", "--feed", "999", stdout=StringIO())
