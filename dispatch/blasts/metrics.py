"""What operators see of the SMS engine: Prometheus metrics (prometheus-client) and the `/metrics` view.

Workers record into these objects. With `PROMETHEUS_MULTIPROC_DIR` set (the same directory for the web
process and every worker on the machine, emptied at deploy), prometheus-client keeps the values in files
there and the web process's `/metrics` adds every process's up; without it, a worker given
`METRICS_WORKER_PORT` serves its own on the first free port from that one (`config.workers`).

`/metrics` answers only with the bearer token `METRICS_TOKEN` or from an address in `METRICS_ALLOWED_IPS`;
with neither set it is 404 (nothing is exposed by default).
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import time

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

MESSAGES = Counter(
    "mua_sms_messages", "Messages closed by a batch, by final status and reason", ["status", "reason"]
)
PROVIDER_LATENCY = Histogram(
    "mua_sms_provider_seconds",
    "Time of one provider call (send or in-doubt lookup), by outcome",
    ["operation", "outcome"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2, 5, 10),
)
IN_FLIGHT = Gauge(
    "mua_sms_in_flight", "Sends in flight (at the provider) in this process", multiprocess_mode="livesum"
)
THROTTLED = Counter("mua_sms_throttled", "429 / Twilio 20429 answers, by sender", ["sender"])
ADAPTIVE_RATE = Gauge(
    "mua_sms_adaptive_rate",
    "Parts/s in force for the sender (its limit, or less after 429s)",
    ["sender"],
    multiprocess_mode="mostrecent",
)
RATE_WAIT = Histogram(
    "mua_sms_rate_wait_seconds",
    "Time a send waited for its slot in the shared rate limiter",
    buckets=(0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30),
)
LEASES_REAPED = Counter("mua_sms_leases_reaped", "Rows whose lease ran out, returned in doubt by the reaper")
IN_DOUBT_LOOKUPS = Counter(
    "mua_sms_in_doubt_lookups", "In-doubt rows looked up at the provider before a resend", ["result"]
)
DEAD_WORKERS = Counter("mua_rq_dead_workers_cleaned", "Dead workers removed from rq's registry")


class QueueCollector:
    """Queue depth and the age of the oldest waiting job, read from Redis at each scrape."""

    def collect(self):
        from rq.job import Job

        from core.queues import get_queue

        depth = GaugeMetricFamily("mua_rq_queue_depth", "Jobs waiting in the queue", labels=["queue"])
        age = GaugeMetricFamily(
            "mua_rq_oldest_job_age_seconds", "Age of the oldest waiting job", labels=["queue"]
        )
        for name in settings.RQ_QUEUES:
            queue = get_queue(name)
            depth.add_metric([name], queue.count)
            oldest = queue.get_job_ids(0, 1)
            job = Job.fetch(oldest[0], connection=queue.connection) if oldest else None
            enqueued = job.enqueued_at if job is not None else None
            seconds = time.time() - enqueued.timestamp() if enqueued else 0.0
            age.add_metric([name], max(0.0, seconds))
        yield depth
        yield age


def _allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    networks = settings.METRICS_ALLOWED_IPS
    if networks:
        try:
            address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
        except ValueError:
            return False
        return any(address in ipaddress.ip_network(n, strict=False) for n in networks)
    return False


def registry() -> CollectorRegistry:
    """This process's metrics, or every process's when PROMETHEUS_MULTIPROC_DIR is set, plus the queues."""
    from prometheus_client import REGISTRY

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        reg = CollectorRegistry()
        multiprocess.MultiProcessCollector(reg)
    else:
        reg = CollectorRegistry()
        for collector in list(REGISTRY._collector_to_names):
            reg.register(collector)
    reg.register(QueueCollector())
    return reg


def metrics_view(request: HttpRequest) -> HttpResponse:
    if not (settings.METRICS_TOKEN or settings.METRICS_ALLOWED_IPS) or not _allowed(request):
        raise Http404
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
