"""A real rq worker process for the robustness tests: `python -m tests.dispatch.worker_process [--burst]`.
It runs config.workers.MuaWorker, the class `manage.py rqworker` runs.

Django is set up from the environment the test passes (its database, Redis, the fake Twilio's URL); the
sending hours are opened all day so the tests do not depend on the clock.
"""

import datetime as dt
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    from config.workers import MuaWorker
    from core.queues import get_connection

    settings.MUA_SMS_SEND_FROM = dt.time(0, 0)
    settings.MUA_SMS_SEND_UNTIL = dt.time(23, 59, 59, 999999)
    MuaWorker(["dispatch"], connection=get_connection()).work(
        burst="--burst" in sys.argv, logging_level="WARNING"
    )


if __name__ == "__main__":
    main()
