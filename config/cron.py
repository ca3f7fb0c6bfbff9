"""Mùa's periodic jobs: one central schedule, run by one process, `python -m config.cron`.

The process is rq's own CronScheduler: at each due time it enqueues the job on its queue and an ordinary
rq worker performs it. Every periodic job takes a lock (`core.locks.runs_alone`) so two runs never overlap
(a slow run, a second cron process, a manual run), and is idempotent, so the catch-up run at start-up
(the machine may have been off at the scheduled minute) and any repeat change nothing.
"""

from __future__ import annotations

import logging
import os

from core.cron import PeriodicJob, build_scheduler, catch_up

logger = logging.getLogger(__name__)

SCHEDULE = [
    # 00:05 in Vietnam (17:05 UTC): waves whose prep_due has come start preparing; harvests go live/close.
    PeriodicJob("campaigns-advance-daily", "campaigns.jobs.campaigns_advance_daily", "5 17 * * *"),
    # Hourly: content not approved by its planned publication time expires (the overdue list shows the gap).
    PeriodicJob("content-expire", "content.jobs.content_expire", "10 * * * *"),
    # Every minute: scheduled blasts start, the reaper returns expired leases, deferred SMS (quiet hours,
    # the 3-per-24h cap) are released at their time, and work lost with a flushed Redis is queued again.
    PeriodicJob("dispatch-tick", "dispatch.jobs.dispatch_tick", "* * * * *"),
    # 08:00 in Vietnam (01:00 UTC): approvers get one digest of the items in review that expire within
    # 48 hours unless decided (keyed per day, so a catch-up run notifies no one twice).
    PeriodicJob("content-review-expiring", "content.jobs.review_remind_expiring_daily", "0 1 * * *"),
    # 18:00 in Vietnam (11:00 UTC): a weekly report due within a day (Sunday evening for Monday 17:00) or
    # late gets one reminder per report and reason; the Postal Department gets one digest a day.
    PeriodicJob("reports-remind-daily", "reports.jobs.reports_remind_daily", "0 11 * * *"),
    # 18:10 in Vietnam (11:10 UTC): owners of the plan's milestones due within a week or late are told once.
    PeriodicJob("plan-milestones-daily", "plan.jobs.plan_milestones_daily", "10 11 * * *"),
    # Every 5 minutes: queue a poll (on queue `feeds`) of each news feed whose next poll time has come;
    # each feed backs off on its own. The fan-out itself is light and runs on `default`.
    PeriodicJob("feeds-poll-due", "content.jobs.feeds_poll_due", "*/5 * * * *"),
]


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    from core.queues import get_connection

    if not settings.REDIS_URL:
        raise SystemExit("config.cron needs REDIS_URL (a worker must pick the jobs up); `make run` sets it.")
    connection = get_connection()
    logger.info("catch-up run enqueued: %s", ", ".join(catch_up(SCHEDULE)))
    build_scheduler(connection, SCHEDULE).start()


if __name__ == "__main__":
    main()
