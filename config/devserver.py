"""`make run`: the web server, an rq worker (with scheduler) and the cron process, for one machine.

With REDIS_URL unset, an embedded Redis-protocol server (fakeredis, in this process, on loopback) carries
the queues, so the worker is a real rq worker talking to a real socket; nothing needs installing.
With REDIS_URL set, that Redis is used instead. Ctrl-C stops everything.
"""

import os
import signal
import subprocess
import sys
import threading
import time

HOST = os.environ.get("MUA_HOST", "127.0.0.1")
PORT = os.environ.get("MUA_PORT", "8000")
EMBEDDED_REDIS_PORT = int(os.environ.get("MUA_EMBEDDED_REDIS_PORT", "6380"))


def start_embedded_redis(port: int) -> str:
    from fakeredis import TcpFakeServer

    server = TcpFakeServer(("127.0.0.1", port), server_type="redis")
    # A worker's blocking read holds its connection thread open; daemon threads let the process exit.
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="embedded-redis", daemon=True).start()
    return f"redis://127.0.0.1:{port}/0"


def main() -> int:
    env = dict(os.environ)
    if not env.get("REDIS_URL"):
        env["REDIS_URL"] = start_embedded_redis(EMBEDDED_REDIS_PORT)
        print(f"[mua] embedded queue server (fakeredis) on {env['REDIS_URL']}", flush=True)
    manage = [sys.executable, "manage.py"]
    children = [
        subprocess.Popen([*manage, "rqworker", "default", "dispatch", "feeds", "--with-scheduler"], env=env),
        subprocess.Popen([*manage, "runserver", f"{HOST}:{PORT}", "--noreload"], env=env),
        # The one central schedule of periodic jobs (config/cron.py); the worker above performs them.
        subprocess.Popen([sys.executable, "-m", "config.cron"], env=env),
    ]
    print(f"[mua] serving on http://{HOST}:{PORT}/ (API docs: /api/v1/docs, admin: /admin/)", flush=True)

    def stop(*_):
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    stop()
    for child in children:
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
    return max((child.returncode or 0) for child in children)


if __name__ == "__main__":
    sys.exit(main())
