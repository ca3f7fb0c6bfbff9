"""The reminder job: in the central schedule at 18:00 in Vietnam, under its lock, one service call."""

import datetime as dt

import pytest

from config.cron import SCHEDULE
from core.cron import build_scheduler
from core.locks import exclusive
from core.queues import get_connection
from reports.jobs import LOCK, reports_remind_daily

pytestmark = pytest.mark.django_db


def test_the_reminder_job_runs_daily_at_six_in_the_evening_in_vietnam():
    (entry,) = [job for job in SCHEDULE if job.name == "reports-remind-daily"]
    scheduler = build_scheduler(get_connection(), SCHEDULE)
    (cron_job,) = [job for job in scheduler.get_jobs() if job.name == entry.name]
    assert cron_job.func is reports_remind_daily
    local = cron_job.next_enqueue_time.astimezone(dt.timezone(dt.timedelta(hours=7)))
    assert (local.hour, local.minute) == (18, 0)


def test_the_job_reports_what_it_did_and_skips_while_another_run_holds_the_lock():
    assert reports_remind_daily()["skipped"] is False
    with exclusive(LOCK) as acquired:
        assert acquired
        assert reports_remind_daily() == {"skipped": True}
