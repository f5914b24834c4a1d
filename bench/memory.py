"""Memory as the operating system counts it: GNU time's "Maximum resident set size" for a whole
command, and the resident set of a process tree sampled from /proc while it runs (a parent and
the child processes it starts are summed: time -v reports the largest single process only)."""

import os
import re
import threading
import time

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
TIME_COMMAND = ["/usr/bin/time", "-v"]


def max_rss_mb(time_output: str) -> float | None:
    """GNU time -v's peak resident set size, in MB (it reports kilobytes)."""
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", time_output)
    return int(match.group(1)) / 1024 if match else None


def children_of() -> dict[int, list[int]]:
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    return children


def tree(pid: int) -> list[int]:
    children = children_of()
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * PAGE_KB / 1024
    except OSError:
        return 0.0


class TreeSampler:
    """Samples a process tree's RSS every `interval` seconds in a thread: the peak of the sum over
    the tree, and the peak of each process."""

    def __init__(self, pid: int, interval: float = 0.05, skip_root: bool = False):
        self.pid, self.interval, self.skip_root = pid, interval, skip_root
        self.peak_sum = 0.0
        self.peak_each = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            pids = [p for p in tree(self.pid) if not (self.skip_root and p == self.pid)]
            sizes = {p: rss_mb(p) for p in pids}
            self.peak_sum = max(self.peak_sum, sum(sizes.values()))
            for p, size in sizes.items():
                self.peak_each[p] = max(self.peak_each.get(p, 0.0), size)
            time.sleep(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @property
    def peak_single(self) -> float:
        return max(self.peak_each.values(), default=0.0)
