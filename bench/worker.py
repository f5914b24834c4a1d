"""The real Celery worker bench/events.py measures the event path with: started in a session of
its own, its log read for each task's own run time, stopped by SIGTERM and checked for orphans."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
QUEUE = "bench-events"
NODE = "bench-events@%h"
TIMEOUT_S = 180  # the longest the bench waits for the worker, or for a report
SUCCEEDED = re.compile(r"Task (reporting\.[a-z_]+)\[[0-9a-f-]+\] succeeded in ([0-9.]+)s: (.*)$")


def session_processes(sid: int) -> list[int]:
    """Every process whose session is `sid` (the worker was started in a session of its own)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append(int(entry))
    return found


class Worker:
    """`celery -A config worker` on the bench queue, in a session of its own; stopped with SIGTERM
    (warm shutdown: running tasks finish), and killed (its own session only) if it does not stop."""

    def __init__(self, concurrency: int = 2):
        from django.conf import settings

        self.log = settings.BENCH_DATA / "events-worker.log"
        self.concurrency = concurrency
        self.command = [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "config",
            "worker",
            "-l",
            "info",
            "--concurrency",
            str(concurrency),
            "-Q",
            settings.BENCH_QUEUE,
            "-n",
            NODE,
            "--without-gossip",
            "--without-mingle",
        ]
        self.env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings_events", "PYTHONPATH": str(REPO)}
        self.stopped = {}

    def __enter__(self):
        from config.celery import app

        self.app = app
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.log_file = open(self.log, "w")
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            self.command, cwd=REPO, env=self.env, stdout=self.log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.name = None
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def wait_ready(self, seconds=90):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The Celery worker exited with {self.process.returncode}: see {self.log}")
            replies = self.app.control.ping(timeout=0.5)
            names = [name for reply in replies for name in reply if name.startswith("bench-events@")]
            if names:
                self.name = names[0]
                self.ready_s = time.perf_counter() - self.started
                return
        raise RuntimeError(f"The Celery worker did not answer a ping in {seconds} s: see {self.log}")

    def queued(self) -> int:
        from django.conf import settings
        from redis import Redis

        return Redis.from_url(settings.BENCH_REDIS_URL).llen(settings.BENCH_QUEUE)

    def wait_idle(self, seconds=TIMEOUT_S):
        """Until the queue is empty and the worker runs and holds nothing."""
        deadline = time.monotonic() + seconds
        inspect = self.app.control.inspect(destination=[self.name], timeout=1)
        while time.monotonic() < deadline:
            if self.queued() == 0:
                active, reserved = inspect.active() or {}, inspect.reserved() or {}
                if not any(active.values()) and not any(reserved.values()) and self.queued() == 0:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"The Celery worker was still busy after {seconds} s")

    def stop(self):
        sid = self.process.pid
        started = time.perf_counter()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        killed = False
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(sid, signal.SIGKILL)  # its own session only: the worker and its pool
            self.process.wait(timeout=10)
            killed = True
        left = []
        for _ in range(50):  # pool processes exit just after their parent
            left = session_processes(sid)
            if not left:
                break
            time.sleep(0.1)
        self.log_file.close()
        self.stopped = {
            "exit_code": self.process.returncode,
            "stop_s": time.perf_counter() - started,
            "killed": killed,
            "processes_left": len(left),
        }

    def __exit__(self, *exc):
        self.stop()

    def task_seconds(self) -> dict[str, list[tuple[float, str]]]:
        """{task name: [(seconds, result), ...]} in the order the worker logged them."""
        found = {}
        for line in self.log.read_text().splitlines():
            match = SUCCEEDED.search(line)
            if match:
                found.setdefault(match.group(1), []).append((float(match.group(2)), match.group(3)))
        return found
