"""rq's default worker (a forked work horse per job), for the naive baseline's second measurement:
`python -m bench.forking_worker`. Otherwise as tests/dispatch/worker_process.py."""

import datetime as dt
import os


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from rq import Worker

    from core.queues import get_connection

    settings.MUA_SMS_SEND_FROM = dt.time(0, 0)
    settings.MUA_SMS_SEND_UNTIL = dt.time(23, 59, 59, 999999)
    Worker(["dispatch"], connection=get_connection()).work(logging_level="WARNING")


if __name__ == "__main__":
    main()
