"""`make bench` (last part): reminders at scale, issue 21.

BENCH_REMINDER_USERS users (default 100,000) with a Telegram account are all due in the same
minute. Starts, on loopback only: a stand-in of the Telegram Bot API that records the arrival
time of every sendMessage, and ONE Celery worker (threads pool) on a queue of its own. Then:

1. queueing: `reminders.dispatch_due` is sent to the worker once (as beat does); measured is
   the time until every due reminder has its delivery row and its send queued — must be
   under 60 s (the minute);
2. send rate: for BENCH_REMINDER_SEND_SECONDS (20) the stand-in counts the messages it
   receives: the mean rate (target: 0.8..1.01 × REMINDERS_TELEGRAM_RATE, 30/s) and, reported,
   the busiest 1-s and 5-s windows of arrivals (they carry the scheduling jitter of a loaded
   machine on top of the limiter's admissions, which never exceed the rate in any second).

Needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL, broker CELERY_BROKER_URL or Redis db 15);
skipped with a note otherwise. Afterwards the worker is stopped, its queue purged and the
bench users deleted. Keep N small while iterating: BENCH_REMINDER_USERS=5000.
"""

import os
import subprocess
import sys
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.standin import JSONStandIn  # noqa: E402

USERS = int(os.environ.get("BENCH_REMINDER_USERS", "100000"))
SEND_SECONDS = float(os.environ.get("BENCH_REMINDER_SEND_SECONDS", "20"))
TOKEN = "424242:bench-token"
EMAIL_PREFIX = "bench-reminder-"
TELEGRAM_BASE = 4_200_000_000


class BotAPI(JSONStandIn):
    arrivals: list[float] = []
    lock = threading.Lock()

    def do_POST(self):  # noqa: N802 - http.server's naming
        self.read_body()
        with self.lock:
            self.arrivals.append(time.monotonic())
        self.answer({"ok": True, "result": {"message_id": len(self.arrivals)}})


def main() -> int:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        print("bench/reminders.py: skipped (needs DATABASE_URL=postgres://... and REDIS_URL)")
        return 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), BotAPI)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    queue = f"{os.environ.get('CELERY_QUEUE', 'mechta')}-bench-reminders"
    broker = os.environ.get("CELERY_BROKER_URL") or os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/15"
    os.environ.update(
        CELERY_BROKER_URL=broker,
        CELERY_QUEUE=queue,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{server.server_port}",
        DJANGO_SETTINGS_MODULE="mechta.settings.base",
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, check=True)
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from apps.reminders.models import ReminderSchedule
    from mechta.celery import app

    rate = settings.REMINDERS_TELEGRAM_RATE
    cleanup()
    due = seed(USERS)
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "mechta",
            "worker",
            "--loglevel=WARNING",
            f"--queues={queue}",
            "--pool=threads",
            "--concurrency=8",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env={**os.environ, "DB_POOL_MAX_SIZE": "10"},
    )
    try:
        if not wait_for_worker(app):
            print("worker did not start")
            return 1
        BotAPI.arrivals.clear()
        started = time.monotonic()
        app.send_task("reminders.dispatch_due", queue=queue)
        queued_after = None
        while time.monotonic() - started < 120:
            # rows still due (the partial index on next_fire_at): cheap enough to poll
            if not ReminderSchedule.objects.filter(next_fire_at__lte=due).exists():
                queued_after = time.monotonic() - started
                break
            time.sleep(0.5)
        connection.close()
        window_start = time.monotonic()
        time.sleep(SEND_SECONDS)  # the measurement window itself
        with BotAPI.lock:
            arrivals = [t for t in BotAPI.arrivals if window_start <= t <= window_start + SEND_SECONDS]
            everything = sorted(BotAPI.arrivals)
        mean_rate = len(arrivals) / SEND_SECONDS
        peak = busiest(everything, 1.0, int(rate) + 20)
        peak5 = busiest(everything, 5.0, int(rate) * 5 + 20)
        print(f"reminders: {USERS:,} users due in one minute on one worker (threads, concurrency 8)")
        print(
            f"  all queued after: {queued_after:.1f} s" if queued_after is not None else "  NOT all queued within 120 s"
        )
        print(
            f"  send rate: {mean_rate:.1f} msg/s over {SEND_SECONDS:.0f} s (limit {rate:.0f}/s); busiest window of "
            f"arrivals: {peak} in 1 s, {peak5} in 5 s"
        )
        # At the stand-in, as the Bot API counts: no second over the limit, and a mean rate that
        # uses most of it (rate / (1 s + REMINDERS_TELEGRAM_JITTER_SECONDS), apps/reminders/throttle.py).
        ok = queued_after is not None and queued_after < 60 and 0.75 * rate <= mean_rate <= rate and peak <= rate
        print("  targets met" if ok else "  TARGETS MISSED")
        return 0 if ok else 1
    finally:
        worker.terminate()
        worker.wait(30)
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(queue)
        cleanup()
        server.shutdown()


def busiest(times: list[float], seconds: float, span: int) -> int:
    """The most arrivals in any window of `seconds` (times sorted)."""
    return max((sum(1 for t in times[i : i + span] if t < s + seconds) for i, s in enumerate(times)), default=0)


def wait_for_worker(app) -> bool:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if app.control.ping(timeout=1.0):
            return True
    return False


def seed(n: int):
    """N users with a Telegram account, the defaults (morning 08:00) and a morning row due at
    the start of this minute; bulk inserts, no per-user work."""
    from datetime import UTC, datetime

    from apps.accounts.models import User
    from apps.reminders.models import ReminderSchedule

    now = datetime.now(UTC)
    due = now.replace(second=0, microsecond=0)
    started = time.monotonic()
    for start in range(0, n, 5000):
        users = User.objects.bulk_create(
            [
                User(email=f"{EMAIL_PREFIX}{i}@bench.local", telegram_id=TELEGRAM_BASE + i, password="!", locale="en")
                for i in range(start, min(n, start + 5000))
            ]
        )
        ReminderSchedule.objects.bulk_create(
            [ReminderSchedule(user=u, kind="morning", next_fire_at=due) for u in users]
        )
    print(f"seeded {n:,} users in {time.monotonic() - started:.1f} s")
    return due


def cleanup() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM reminder_deliveries WHERE user_id IN (SELECT id FROM users WHERE email LIKE %s)",
            [EMAIL_PREFIX + "%"],
        )
        cursor.execute(
            "DELETE FROM reminder_schedules WHERE user_id IN (SELECT id FROM users WHERE email LIKE %s)",
            [EMAIL_PREFIX + "%"],
        )
        cursor.execute("DELETE FROM users WHERE email LIKE %s", [EMAIL_PREFIX + "%"])


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    sys.exit(main())
