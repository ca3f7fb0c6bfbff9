"""Blast engine benchmarks against the fake Twilio on loopback, PostgreSQL and Redis on this machine.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mua_bench REDIS_URL=redis://127.0.0.1:6379/7 \\
      .venv/bin/python bench/blast.py all --recipients 100000 --naive 5000 --fanout 1000000 --rounds 3

Parts: `ceiling` (the twilio client posting to the fake server in a tight loop, same concurrency, no
database, no queue: once from 2 threads of one process, once from 2 processes, as the pipeline's workers
are processes), `pipeline` (a blast end to end with N rq worker processes), `naive` (one rq job per
message), `fanout` (materialising a blast's rows: time and the process's peak RSS), `rate` (a limit over 4
workers, measured from the fake server's acceptance times), `zero` (the ceilings and the pipeline
side by side, at the fake's 0 ms), `latency` and `storm` (see bench/RESULTS.md, issue 16). `--rounds N`
measures the ceilings and the pipeline alternately N times (the machine is shared; the median is the
figure). The database's contact and blast tables and the Redis database are EMPTIED: point it at a
database of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import datetime as dt

    from django.conf import settings

    settings.MUA_SMS_SEND_FROM = dt.time(0, 0)
    settings.MUA_SMS_SEND_UNTIL = dt.time(23, 59, 59, 999999)


def start_fake():
    proc = subprocess.Popen(
        [sys.executable, "-m", "dispatch.testing.fake_twilio", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    url = proc.stdout.readline().strip()
    return proc, url


def fake_reset(url):
    urllib.request.urlopen(urllib.request.Request(f"{url}/_fake/reset", data=b"", method="POST")).close()


def fake_config(url, **values):
    """Latency and fault mix of the running fake (its /_fake/config endpoint)."""
    from urllib.parse import urlencode

    data = urlencode({k: "" if v is None else v for k, v in values.items()}).encode()
    urllib.request.urlopen(urllib.request.Request(f"{url}/_fake/config", data=data, method="POST")).close()


def fake_stats(url, times=False):
    with urllib.request.urlopen(f"{url}/_fake/stats{'?times=1' if times else ''}") as r:
        return json.load(r)


def worker_env(url, **extra):
    env = dict(
        os.environ,
        SMS_BACKEND="twilio",
        TWILIO_ACCOUNT_SID="AC" + "0" * 32,
        TWILIO_AUTH_TOKEN="bench",
        TWILIO_API_BASE_URL=url,
        LOG_LEVEL="WARNING",
        DEBUG="false",  # as workers run in production (with DEBUG on, Django keeps every query's text)
        SECRET_KEY="bench-only",
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def start_workers(n, env, module="tests.dispatch.worker_process"):
    return [
        subprocess.Popen([sys.executable, "-m", module], cwd=ROOT, env=env, start_new_session=True)
        for _ in range(n)
    ]


def workers_up(n, timeout=120):
    """Wait until `n` workers are registered with rq (a fixed 3 s was not enough on a loaded machine:
    a worker still setting Django up when the clock started put its start-up into the measure)."""
    from rq import Worker

    from core.queues import get_queue

    queue = get_queue("dispatch")
    deadline = time.monotonic() + timeout
    while Worker.count(queue=queue) < n:
        if time.monotonic() > deadline:
            raise SystemExit("workers did not start")
        time.sleep(0.1)
    time.sleep(0.5)  # past registration: listening on the queue


def stop(procs):
    for p in procs:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


def reset():
    from django.db import connection

    from core.queues import get_connection

    get_connection().flushdb()
    with connection.cursor() as c:
        c.execute("TRUNCATE dispatch_message, dispatch_blast, dispatch_contact RESTART IDENTITY CASCADE")


def make_contacts(n, org):
    """n consenting contacts of the DIC's province with one INSERT … SELECT generate_series."""
    from django.db import connection

    from calendars.models import Province

    province = Province.objects.get(map="2022", code="24")
    with connection.cursor() as c:
        c.execute(
            "INSERT INTO dispatch_contact (phone, name, province_id, kind, tags, consent_source, consent_at,"
            " consent_evidence, organisation_id, created_at, updated_at)"
            " SELECT '+8498' || lpad(g::text, 7, '0'), 'Hộ ' || g, %s, 'farm_household', '', 'web_form',"
            " now(), '', %s, now(), now() FROM generate_series(1, %s) g",
            [province.pk, org.pk, n],
        )


def make_blast(n, *, body=None):
    """A draft blast to n fresh contacts (all tables emptied first); returns (blast, actor)."""
    import itertools

    from accounts.permissions import actor_for_user
    from tests import factories

    factories._seq = itertools.count(int(time.time() * 1000) % 10**9)  # fresh names on a reused database
    reset()
    org = factories.dic("24")
    make_contacts(n, org)
    blast, owner = factories.blast(org=org, contacts=0, **({"body": body} if body else {}))
    return blast, actor_for_user(owner)


def wait_done(blast, timeout=3600):
    from dispatch.models import Blast

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = Blast.objects.values_list("status", flat=True).get(pk=blast.pk)
        if status not in ("running", "scheduled"):
            return status
        time.sleep(0.2)
    raise SystemExit("timed out")


# --- parts ---------------------------------------------------------------------------------------------


def _ceiling_setup(url):
    from django.conf import settings

    from dispatch.blasts.backends import get_backend
    from tests.factories import SMS_BODY

    settings.SMS_BACKEND, settings.TWILIO_ACCOUNT_SID = "twilio", "AC" + "0" * 32
    settings.TWILIO_AUTH_TOKEN, settings.TWILIO_API_BASE_URL = "bench", url
    return get_backend, SMS_BODY.replace("{{ name }}", "Hộ 1")


def _ceiling_loop(get_backend, body, k, per):
    backend = get_backend()
    for i in range(per):
        backend.send(to=f"+8497{k}{i:06d}", body=body, sender="MUA1034", message_id=i)


def _throughput(messages, t0):
    """A ceiling's figures for `messages` sent since monotonic time `t0`."""
    elapsed = time.monotonic() - t0
    return {"messages": messages, "seconds": round(elapsed, 2), "per_second": round(messages / elapsed)}


def ceiling_threads(url, messages, concurrency):
    """The twilio backend posting to the fake server in a tight loop from `concurrency` threads of one
    process: no database, no queue (and one GIL for all of them)."""
    get_backend, body = _ceiling_setup(url)
    per = messages // concurrency
    _ceiling_loop(get_backend, body, 9, 1)  # the modules loaded and a connection open, as in a worker
    threads = [
        threading.Thread(target=_ceiling_loop, args=(get_backend, body, k, per)) for k in range(concurrency)
    ]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return _throughput(per * concurrency, t0)


def ceiling_processes(url, messages, concurrency):
    """The same loop in `concurrency` processes, as the pipeline's workers are processes: each is set up and
    has sent one message before the clock starts on a line written to all of them at once."""
    per = messages // concurrency
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                os.path.abspath(__file__),
                "ceiling-child",
                url,
                "--ceiling-messages",
                str(per),
                "--workers",
                str(k),
            ],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for k in range(concurrency)
    ]
    for p in procs:
        assert p.stdout.readline().strip() == "ready"
    t0 = time.monotonic()
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        p.stdout.readline()
        p.wait()
    return _throughput(per * concurrency, t0)


def ceiling_child(url, per, k):
    get_backend, body = _ceiling_setup(url)
    _ceiling_loop(get_backend, body, 9, 1)
    print("ready", flush=True)
    sys.stdin.readline()
    _ceiling_loop(get_backend, body, k, per)
    print("done", flush=True)


def _peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) // 1024 for line in f if line.startswith("VmHWM:"))


def pipeline(url, recipients, workers, *, fake=None, **env):
    """A blast end to end with `workers` worker processes; `fake`: the provider's latency and fault mix,
    `env`: the workers' settings."""
    from django.db.models import Count

    from dispatch.blasts.services import blast_start
    from dispatch.models import Blast, Message

    blast, actor = make_blast(recipients)
    fake_reset(url)  # the fake's counts are this blast's alone (and its latency and mix: set them after)
    if fake:
        fake_config(url, **fake)
    procs = start_workers(workers, worker_env(url, **{"SMS_RATE_PER_SECOND": 0, **env}))
    workers_up(workers)  # Django set up and listening before the clock starts
    t0, wall0 = time.monotonic(), time.time()
    blast_start(actor=actor, blast=blast)
    status = wait_done(blast)
    elapsed = time.monotonic() - t0
    rss = [_peak_rss_mb(p.pid) for p in procs]  # the workers ran every job in-process: their peak is it
    stop(procs)
    stats = fake_stats(url, times=True)
    accepted = stats["accepted_total"]
    times = sorted(t for t, _ in stats.pop("times"))
    span = times[-1] - times[0] if len(times) > 1 else 0.0
    failed = (
        Message.objects.filter(blast=blast, status="failed").values_list("reason").annotate(n=Count("id"))
    )
    return {
        "recipients": recipients,
        "workers": workers,
        "status": status,
        "status_reason": Blast.objects.get(pk=blast.pk).status_reason,
        "failed": dict(failed),
        "throttled_429s": stats.get("throttled", 0),
        "accepted": accepted,
        "numbers": stats["numbers"],
        "max_per_number": stats["max_per_number"],
        "worker_peak_rss_mb": rss,
        "seconds": round(elapsed, 2),
        "per_second": round(accepted / elapsed),
        # From the first message the fake accepted to the last: the sending itself, without the start
        # (blast_start, fan-out job, first claim) and the end (the last result write, the poll seeing it).
        "sending_seconds": round(span, 2),
        "sending_per_second": round(accepted / span) if span else None,
        # The start (blast_start to the first acceptance) and the end (the last acceptance to `completed`).
        "start_seconds": round(times[0] - wall0, 2) if times else None,
        "end_seconds": round(wall0 + elapsed - times[-1], 2) if times else None,
    }


def naive_send(message_id):
    """One rq job per message: claim that one row and send it, as a job-per-message design would."""
    from dispatch.blasts import engine
    from dispatch.models import Blast, Message

    message = Message.objects.get(pk=message_id)
    blast = Blast.objects.select_related("revision", "audience").get(pk=message.blast_id)
    owner = f"naive-{message_id}"
    Message.objects.filter(pk=message_id, status="pending").update(status="sending", lease_owner=owner)
    engine.Batch(blast, owner).run([message_id])


def naive(url, recipients, workers, worker_module="tests.dispatch.worker_process"):
    """One rq job per message, with the workers up before the clock starts (as for the pipeline)."""
    from core.queues import get_queue
    from dispatch.blasts import engine
    from dispatch.models import Blast, Message

    blast, _ = make_blast(recipients)
    Blast.objects.filter(pk=blast.pk).update(status="running")
    orig = engine.queueing.pump
    engine.queueing.pump = lambda **kw: 0
    engine.fan_out(blast_id=blast.pk)
    engine.queueing.pump = orig
    queue = get_queue("dispatch")
    ids = list(Message.objects.filter(blast=blast).values_list("id", flat=True))
    before = fake_stats(url)["accepted_total"]
    procs = start_workers(workers, worker_env(url, SMS_RATE_PER_SECOND=0), module=worker_module)
    workers_up(workers)
    t0 = time.monotonic()
    with queue.connection.pipeline() as pipe:
        queue.enqueue_many(
            [queue.prepare_data("bench.blast.naive_send", args=(i,)) for i in ids], pipeline=pipe
        )
        pipe.execute()
    while Message.objects.filter(blast=blast, status__in=["pending", "sending"]).exists():
        time.sleep(0.2)
    elapsed = time.monotonic() - t0
    stop(procs)
    accepted = fake_stats(url)["accepted_total"] - before
    return {
        "recipients": recipients,
        "workers": workers,
        "worker": worker_module,
        "accepted": accepted,
        "seconds": round(elapsed, 2),
        "per_second": round(accepted / elapsed),
    }


def fanout(recipients):
    """Fan-out in a fresh process (as an rq work horse would run it): time and that process's peak RSS."""
    from dispatch.models import Blast

    blast, _ = make_blast(recipients)
    Blast.objects.filter(pk=blast.pk).update(status="running")
    out = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "fanout-child", str(blast.pk)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def fanout_child(blast_id):
    from django.db import transaction

    from dispatch.blasts import engine

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    t0 = time.monotonic()
    with transaction.atomic():
        added = engine.fan_out(blast_id=blast_id)
    elapsed = time.monotonic() - t0
    from core.queues import get_queue

    jobs = get_queue("dispatch").count
    print(
        json.dumps(
            {
                "rows": added,
                "seconds": round(elapsed, 2),
                "batch_jobs_queued": jobs,
                "rss_before_mb": rss_before,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
            }
        )
    )


def rate(url, limit, workers, seconds):
    from dispatch.blasts.services import blast_cancel, blast_start

    per_second_msgs = limit / 2  # the body is 2 parts
    blast, actor = make_blast(int(per_second_msgs * (seconds + 30)))
    procs = start_workers(workers, worker_env(url, SMS_RATE_PER_SECOND=limit, SMS_BATCH_SIZE=50))
    workers_up(workers)
    t_start = time.time()
    blast_start(actor=actor, blast=blast)
    time.sleep(seconds + 5)
    blast.refresh_from_db()
    blast_cancel(actor=actor, blast=blast)
    time.sleep(1)
    stop(procs)
    times = sorted((t, p) for t, p in fake_stats(url, times=True)["times"] if t >= t_start)
    first, last = times[0][0], times[-1][0]
    # Steady state: skip the first 2 s (workers picking up the fan-out), measure whole 10 s windows.
    windows = []
    t = first + 2
    while t + 10 <= last:
        windows.append(sum(p for u, p in times if t <= u < t + 10) / 10)
        t += 1  # sliding by 1 s
    sustained = sum(p for u, p in times if first + 2 <= u < last) / (last - first - 2)
    return {
        "limit_parts_per_s": limit,
        "workers": workers,
        "sustained_parts_per_s": round(sustained, 1),
        "sustained_vs_limit_pct": round(100 * (sustained / limit - 1), 2),
        "max_10s_window_parts_per_s": round(max(windows), 1),
        "max_10s_window_vs_limit_pct": round(100 * (max(windows) / limit - 1), 2),
        "min_10s_window_parts_per_s": round(min(windows), 1),
        "windows": len(windows),
    }


def reference(url, messages, threads=64):
    """The same twilio backend from a plain ThreadPoolExecutor(threads) in this process: no database, no
    queue: what the client alone reaches against the fake at its current latency."""
    from concurrent.futures import ThreadPoolExecutor

    get_backend, body = _ceiling_setup(url)
    _ceiling_loop(get_backend, body, 9, 1)

    def one(i):
        get_backend().send(to=f"+8496{i:07d}", body=body, sender="MUA1034", message_id=i)

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, range(threads)))  # each thread's client and connection made before the clock
        t0 = time.monotonic()
        list(pool.map(one, range(messages)))
    return {"threads": threads, **_throughput(messages, t0)}


def latency(url, recipients, latency_s, reference_messages):
    """At `latency_s` provider latency, side by side: the ThreadPoolExecutor(64) reference, one worker,
    two workers (each a blast of `recipients`), with the workers' peak RSS."""
    fake_config(url, delay=latency_s, jitter=0)
    out = {"latency_s": latency_s, "reference": reference(url, reference_messages)}
    print("reference", out["reference"], flush=True)
    for n in (1, 2):
        out[f"workers_{n}"] = pipeline(url, recipients * n, n, fake={"delay": latency_s})
        print(f"{n} worker(s)", out[f"workers_{n}"], flush=True)
    one, two, ref = (
        out["workers_1"]["per_second"],
        out["workers_2"]["per_second"],
        out["reference"]["per_second"],
    )
    out["one_vs_reference"] = round(one / ref, 3)
    out["two_vs_one"] = round(two / one, 3)
    print(f"one worker / reference {one / ref:.0%}, two workers / one {two / one:.2f}x", flush=True)
    return out


def storm(url, recipients, workers, latency_s):
    """The same blast clean and in a storm (30% 429 with Retry-After 1 s, 5% 500, 2% accepted then
    dropped), with the default settings (rate limit, attempts, auto-pause)."""
    env = {"SMS_RATE_PER_SECOND": 1000}
    clean = pipeline(url, recipients, workers, fake={"delay": latency_s}, **env)
    print("clean", clean, flush=True)
    mix = {"delay": latency_s, "throttle": 0.3, "error": 0.05, "drop": 0.02, "retry_after": 1, "seed": 16}
    stormy = pipeline(url, recipients, workers, fake=mix, **env)
    print("storm", stormy, flush=True)
    out = {
        "clean": clean,
        "storm": stormy,
        "storm_vs_clean_time": round(stormy["seconds"] / clean["seconds"], 2),
    }
    print(f"storm / clean time {out['storm_vs_clean_time']}x", flush=True)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "part",
        choices=[
            "all",
            "ceiling",
            "pipeline",
            "naive",
            "fanout",
            "rate",
            "latency",
            "storm",
            "zero",
            "fanout-child",
            "ceiling-child",
        ],
    )
    parser.add_argument("arg", nargs="?")
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--ceiling-messages", type=int, default=20_000)
    parser.add_argument("--naive", type=int, default=5_000)
    parser.add_argument("--fanout", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--rate-seconds", type=int, default=60)
    parser.add_argument("--latency", type=float, default=0.2, help="provider latency (s) for latency/storm")
    parser.add_argument("--reference-messages", type=int, default=6000)
    parser.add_argument(
        "--rounds", type=int, default=1, help="ceiling and pipeline measured alternately this many times"
    )
    args = parser.parse_args()
    setup_django()
    if args.part == "fanout-child":
        fanout_child(int(args.arg))
        return
    if args.part == "ceiling-child":
        ceiling_child(args.arg, args.ceiling_messages, args.workers)
        return
    fake, url = start_fake()
    try:
        results = run_parts(args, url)
    finally:
        fake.terminate()
    summarise(results)
    print(json.dumps(results))


def one_round(args, url, r: int) -> dict:
    """Ceilings and the pipeline side by side, and their ratio."""
    round_ = {}
    if args.part in ("all", "ceiling", "zero"):
        round_["ceiling_threads"] = ceiling_threads(url, args.ceiling_messages, args.workers)
        print("ceiling, threads", round_["ceiling_threads"], flush=True)
        round_["ceiling_processes"] = ceiling_processes(url, args.ceiling_messages, args.workers)
        print("ceiling, processes", round_["ceiling_processes"], flush=True)
    if args.part in ("all", "pipeline", "zero"):
        round_["pipeline"] = pipeline(url, args.recipients, args.workers)
        print("pipeline", round_["pipeline"], flush=True)
    if "pipeline" in round_ and "ceiling_processes" in round_:
        rate_ = round_["pipeline"]["per_second"]
        round_["vs_processes"] = round(rate_ / round_["ceiling_processes"]["per_second"], 3)
        round_["vs_threads"] = round(rate_ / round_["ceiling_threads"]["per_second"], 3)
        print(
            f"round {r + 1}: pipeline / ceiling (processes) {round_['vs_processes']:.0%},"
            f" (threads) {round_['vs_threads']:.0%}",
            flush=True,
        )
    return round_


def run_parts(args, url) -> dict:
    results: dict = {"rounds": []}
    for r in range(args.rounds if args.part in ("all", "ceiling", "pipeline", "zero") else 0):
        results["rounds"].append(one_round(args, url, r))
    if args.part in ("all", "naive"):
        results["naive"] = naive(url, args.naive, args.workers)
        print("naive", results["naive"], flush=True)
        # The same design under rq's default worker, which forks a work horse for every job.
        results["naive_forking"] = naive(
            url, max(200, args.naive // 10), args.workers, worker_module="bench.forking_worker"
        )
        print("naive, forking worker", results["naive_forking"], flush=True)
    if args.part in ("all", "fanout"):
        results["fanout"] = [fanout(n) for n in args.fanout]
        print("fanout", results["fanout"], flush=True)
    if args.part == "latency":
        results["latency"] = latency(url, args.recipients, args.latency, args.reference_messages)
    if args.part == "storm":
        results["storm"] = storm(url, args.recipients, args.workers, args.latency)
    if args.part in ("all", "rate"):
        results["rate"] = rate(url, 200, 4, args.rate_seconds)
        print("rate", results["rate"], flush=True)
    return results


def summarise(results: dict) -> None:
    rounds = results["rounds"]
    if rounds and "vs_processes" in rounds[0]:
        print(
            "median pipeline / ceiling (processes):", statistics.median([r["vs_processes"] for r in rounds])
        )
        print("median pipeline / ceiling (threads):", statistics.median([r["vs_threads"] for r in rounds]))
    if "naive" in results and rounds and "pipeline" in rounds[0]:
        best = statistics.median([r["pipeline"]["per_second"] for r in rounds])
        print("median pipeline / naive:", round(best / results["naive"]["per_second"], 1))


if __name__ == "__main__":
    main()
