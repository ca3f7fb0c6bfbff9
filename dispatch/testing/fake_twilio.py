"""A fake Twilio Messages API on loopback, for tests and benchmarks. Never a real network.

    server = FakeTwilio().start()          # 127.0.0.1, a free port
    settings.TWILIO_API_BASE_URL = server.url
    ...
    server.accepted["+84981234567"]         # how many messages it accepted for that number

Faults: `fail_numbers[phone] = 21610` (a Twilio error for that number, each time), `fail_next(n, status=429)`
(the next n creates fail), `drop_next(n)` (close the connection without answering, after accepting: a
message the client never heard about), and a random mix, `storm(throttle=0.3, error=0.05, drop=0.02)`:
that share of creates answers 429 (Twilio 20429, with `Retry-After: retry_after`), 500, or is accepted
and then dropped.

Latency: `delay` seconds before each answer plus a uniform `jitter` (a provider ~200 ms away).

Status callbacks (signed, when `callbacks=True` and a StatusCallback was given) are posted with the
statuses in `callback_statuses` (default "sent"; "sent,delivered" or "delivered,sent" give the orders a
real provider produces, and a repeated status a duplicate). With `callbacks_early=True` they are delivered
*before* the create's answer is written: the sender reads its response after the callback was handled.

`/_fake/config` (POST, form fields delay, jitter, throttle, error, drop, retry_after, seed) changes latency
and the mix of a running fake (the benchmarks use one fake process for every part of a run).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import threading
import time
import urllib.request
import uuid
from collections import Counter
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from twilio.request_validator import RequestValidator

ERROR_MESSAGES = {
    21610: "Attempt to send to unsubscribed recipient",
    21211: "Invalid 'To' Phone Number",
    21614: "'To' number is not a valid mobile number",
    20429: "Too Many Requests",
}


class FakeTwilio:
    def __init__(self, *, auth_token: str = "fake-token", callbacks: bool = False):
        self.auth_token = auth_token
        self.callbacks = callbacks
        self.lock = threading.Lock()
        self.messages: list[dict] = []
        self.accepted: Counter[str] = Counter()
        self.requests = 0
        self.throttled = 0  # 429s answered
        self.fail_numbers: dict[str, int] = {}
        self._fail_next: list[tuple[int, int]] = []  # (http status, code)
        self._drop_next = 0
        self.delay = 0.0
        self.jitter = 0.0
        self.callback_statuses: tuple[str, ...] = ("sent",)
        self.callbacks_early = False
        self.throttle = self.error = self.drop = 0.0
        self.retry_after: float | None = 1
        self.random = random.Random(0)
        self.httpd: ThreadingHTTPServer | None = None

    # --- faults --------------------------------------------------------------------------------------

    def fail_next(self, n: int, *, status: int = 429, code: int | None = None) -> None:
        with self.lock:
            self._fail_next.extend([(status, code or (20429 if status == 429 else status))] * n)

    def drop_next(self, n: int) -> None:
        with self.lock:
            self._drop_next += n

    def storm(
        self, *, throttle: float = 0.0, error: float = 0.0, drop: float = 0.0, seed: int | None = None
    ) -> None:
        """A random share of creates answer 429 (throttle), 500 (error) or are accepted then dropped."""
        with self.lock:
            self.throttle, self.error, self.drop = throttle, error, drop
            if seed is not None:
                self.random.seed(seed)

    def configure(self, form: dict[str, str]) -> dict:
        """Latency and mix from a form (the `/_fake/config` endpoint); returns the settings now in force."""
        floats = ("delay", "jitter", "throttle", "error", "drop", "retry_after")
        with self.lock:
            for name in floats:
                if name in form:
                    setattr(self, name, float(form[name]) if form[name] != "" else None)
            if "seed" in form:
                self.random.seed(int(form["seed"]))
            return {name: getattr(self, name) for name in floats}

    def latency(self) -> float:
        with self.lock:
            return self.delay + (self.random.uniform(0, self.jitter) if self.jitter else 0.0)

    def reset(self) -> None:
        with self.lock:
            self.messages.clear()
            self.accepted.clear()
            self.fail_numbers.clear()
            self._fail_next.clear()
            self._drop_next = 0
            self.delay = self.jitter = 0.0
            self.throttle = self.error = self.drop = 0.0
            self.requests = 0
            self.throttled = 0

    # --- server --------------------------------------------------------------------------------------

    def start(self, port: int = 0) -> FakeTwilio:
        fake = self

        class Handler(_Handler):
            server_fake = fake

        self.httpd = _Server(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True, name="fake-twilio").start()
        return self

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()

    # --- behaviour -----------------------------------------------------------------------------------

    def create(self, account: str, form: dict[str, str]) -> tuple[int, dict, bool]:
        """(http status, JSON body, drop the connection) for one Messages create."""
        to = form.get("To", "")
        with self.lock:
            self.requests += 1
            if self._fail_next:
                status, code = self._fail_next.pop(0)
                self.throttled += status == 429
                return status, _error(status, code), False
            roll = self.random.random() if (self.throttle or self.error or self.drop) else 1.0
            if roll < self.throttle:
                self.throttled += 1
                return 429, _error(429, 20429), False
            if roll < self.throttle + self.error:
                return 500, _error(500, 20500), False
            if to in self.fail_numbers:
                code = self.fail_numbers[to]
                return 400, _error(400, code), False
            now = dt.datetime.now(dt.UTC)
            body = form.get("Body", "")
            msg = {
                "account_sid": account,
                "api_version": "2010-04-01",
                "body": body,
                "date_created": format_datetime(now, usegmt=True),
                "date_sent": format_datetime(now, usegmt=True),
                "date_updated": format_datetime(now, usegmt=True),
                "_created": now,
                "direction": "outbound-api",
                "error_code": None,
                "error_message": None,
                "from": form.get("From") or form.get("MessagingServiceSid", ""),
                "messaging_service_sid": form.get("MessagingServiceSid"),
                "num_media": "0",
                "num_segments": str(_segments(body)),
                "price": None,
                "price_unit": "USD",
                "sid": "SM" + uuid.uuid4().hex,
                "status": "queued",
                "subresource_uris": {},
                "to": to,
                "uri": "",
                # Not Twilio's: when the fake accepted it (epoch seconds), for the benchmarks' rate windows.
                "x_accepted_at": now.timestamp(),
            }
            msg["uri"] = f"/2010-04-01/Accounts/{account}/Messages/{msg['sid']}.json"
            self.messages.append(msg)
            self.accepted[to] += 1
            drop = self._drop_next > 0 or roll < self.throttle + self.error + self.drop
            if self._drop_next > 0:
                self._drop_next -= 1
        if self.callbacks and form.get("StatusCallback"):
            if self.callbacks_early:  # handled before the sender can read its answer
                self._callbacks(form["StatusCallback"], msg)
            else:
                threading.Thread(
                    target=self._callbacks, args=(form["StatusCallback"], msg), daemon=True
                ).start()
        return 201, _public(msg), drop

    def _callbacks(self, url: str, msg: dict) -> None:
        for status in self.callback_statuses:
            self._callback(url, msg, status)

    def _callback(self, url: str, msg: dict, status: str = "sent") -> None:
        params = {
            "MessageSid": msg["sid"],
            "MessageStatus": status,
            "To": msg["to"],
            "AccountSid": msg["account_sid"],
        }
        signature = RequestValidator(self.auth_token).compute_signature(url, params)
        req = urllib.request.Request(
            url, data=urlencode(params).encode(), headers={"X-Twilio-Signature": signature}, method="POST"
        )
        try:
            urllib.request.urlopen(req, timeout=5).read()
        except OSError:
            pass

    def list(self, query: dict[str, str]) -> list[dict]:
        to = query.get("To")
        after = query.get("DateSent>")
        since = _parse_date(after) if after else None
        with self.lock:
            found = [
                m
                for m in self.messages
                if (not to or m["to"] == to) and (since is None or m["_created"] >= since)
            ]
        return [_public(m) for m in reversed(found)]

    def fetch(self, sid: str) -> dict | None:
        with self.lock:
            for m in self.messages:
                if m["sid"] == sid:
                    return _public(m)
        return None


def _segments(body: str) -> int:
    from dispatch.blasts.smstext import parts

    return parts(body)


def _parse_date(value: str) -> dt.datetime:
    value = value.rstrip("Z")
    fmt = "%Y-%m-%dT%H:%M:%S" if "T" in value else "%Y-%m-%d"
    return dt.datetime.strptime(value, fmt).replace(tzinfo=dt.UTC)


def _public(msg: dict) -> dict:
    return {k: v for k, v in msg.items() if not k.startswith("_")}


def _error(status: int, code: int) -> dict:
    return {
        "code": code,
        "message": ERROR_MESSAGES.get(code, "Error"),
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


class _Server(ThreadingHTTPServer):
    # A sender with 64+ connections opening at once overflows the default backlog of 5 (a lost SYN costs
    # a one-second retransmit).
    request_queue_size = 1024


class _Handler(BaseHTTPRequestHandler):
    server_fake: FakeTwilio
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # no 40 ms delayed-ACK stall per keep-alive response

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        retry_after = self.server_fake.retry_after
        if status == 429 and retry_after is not None:
            self.send_header("Retry-After", f"{retry_after:g}")
        self.send_header("Content-Length", str(len(data)))
        self._headers_buffer.append(b"\r\n" + data)  # headers and body in one write
        self.flush_headers()

    def _parts(self) -> list[str]:
        return [p for p in urlsplit(self.path).path.split("/") if p]

    def do_POST(self):
        fake = self.server_fake
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if len(raw) < length:  # the client died between its headers and its body: nothing was asked
            self.close_connection = True
            return
        form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
        parts = self._parts()
        if parts == ["_fake", "reset"]:  # not Twilio's: a benchmark starting a measurement afresh
            fake.reset()
            self._send(200, {"reset": True})
            return
        if parts == ["_fake", "config"]:  # not Twilio's: latency and fault mix of a running fake
            self._send(200, fake.configure(form))
            return
        if len(parts) == 4 and parts[3] == "Messages.json":
            latency = fake.latency()
            if latency:
                time.sleep(latency)
            status, payload, drop = fake.create(parts[2], form)
            if drop:
                self.close_connection = True
                self.connection.shutdown(2)
                return
            self._send(status, payload)
            return
        self._send(404, _error(404, 20404))

    def do_GET(self):
        fake = self.server_fake
        parts = self._parts()
        query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        if parts == ["_fake", "stats"]:  # not Twilio's: what the benchmarks read
            with fake.lock:
                stats = {
                    "accepted_total": sum(fake.accepted.values()),
                    "numbers": len(fake.accepted),
                    "max_per_number": max(fake.accepted.values(), default=0),
                    "requests": fake.requests,
                    "throttled": fake.throttled,
                    "times": [[m["x_accepted_at"], int(m["num_segments"])] for m in fake.messages]
                    if query.get("times")
                    else [],
                }
            self._send(200, stats)
            return
        if len(parts) == 4 and parts[3] == "Messages.json":
            messages = fake.list(query)
            uri = self.path
            self._send(
                200,
                {
                    "messages": messages,
                    "end": max(0, len(messages) - 1),
                    "first_page_uri": uri,
                    "next_page_uri": None,
                    "page": 0,
                    "page_size": len(messages) or 50,
                    "previous_page_uri": None,
                    "start": 0,
                    "uri": uri,
                },
            )
            return
        if len(parts) == 5 and parts[3] == "Messages":
            found = fake.fetch(parts[4].removesuffix(".json"))
            self._send(200, found) if found else self._send(404, _error(404, 20404))
            return
        self._send(404, _error(404, 20404))


def main() -> None:
    """`python -m dispatch.testing.fake_twilio PORT`: serve until interrupted (for benchmarks by hand)."""
    import sys

    fake = FakeTwilio(auth_token=os.environ.get("FAKE_TWILIO_TOKEN", "fake-token"))
    fake.callbacks = bool(os.environ.get("FAKE_TWILIO_CALLBACKS"))
    fake.start(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    print(fake.url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
