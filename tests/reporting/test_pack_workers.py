"""Board packs on real workers (CI: PostgreSQL and Redis): a chord of parts shared by a prefork
worker's processes, a pool process killed mid-pack and its part laid out again, no processes left
behind; and, without any worker, a pack whose tasks went quiet shown as failed, a broker or result
backend that does not answer reported at once."""

import datetime as dt
import os
import re
import signal
import time
from pathlib import Path

import pytest
from django.utils import timezone

from config.celery import app
from reporting.models import BoardPack
from reporting.packs import build
from reporting.packs.build import request_pack
from reporting.tasks import QUEUE_DOWN, build_board_pack, send_board_pack

from .packs.helpers import contents_entries, meeting_of, read, texts
from .test_celery_worker import celery_worker_process, real_worker


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (the prefork pool's processes, for a worker)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for(condition, timeout: float, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(every)
    return None


@pytest.fixture
def big_pack(tree_a, monkeypatch):
    """A business group pack of six long sections, so each part takes a few seconds."""
    from .test_pack_parts import escalations

    meeting = meeting_of(tree_a.business_group, title="Quarterly challenge")
    inputs = {**build.collect_inputs(meeting), "sections": [escalations(f"Part {i}", 20) for i in range(1, 7)]}
    monkeypatch.setattr(build, "collect_inputs", lambda meeting, today=None: inputs)
    pack, _ = request_pack(meeting, None)
    return pack


@real_worker
def test_a_pool_process_killed_mid_pack_has_its_part_laid_out_again(big_pack, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    env = {"MEDIA_ROOT": str(tmp_path), "BOARD_PACK_PARTS": "4"}
    with celery_worker_process(["--pool=prefork", "--concurrency=2"], env=env) as (queue, worker):
        pool = wait_for(lambda: len(children(worker.pid)) >= 2 and children(worker.pid), timeout=60)
        assert pool, "the worker's pool did not start"
        build_board_pack.apply_async(args=[big_pack.pk], queue=queue)
        # when: the parts are being laid out, one pool process is killed outright
        sent_out = wait_for(
            lambda: BoardPack.objects.filter(pk=big_pack.pk, message__startswith="Laying out the sections").exists(),
            timeout=60,
            every=0.05,
        )
        assert sent_out, BoardPack.objects.get(pk=big_pack.pk).message
        time.sleep(0.5)
        victim = children(worker.pid)[0]
        os.kill(victim, signal.SIGKILL)
        # then: its part is redelivered and the pack is made, whole
        done = wait_for(
            lambda: BoardPack.objects.filter(pk=big_pack.pk).exclude(status__in=["queued", "running"]).first(),
            timeout=180,
        )
        assert done is not None and done.status == BoardPack.Status.DONE, done and done.error
        assert not alive(victim)
        pool_at_end = children(worker.pid)
    pages = texts(read(done))
    assert len(pages) == done.page_count
    assert [title for title, _ in contents_entries(pages[1])] == [f"Part {i}" for i in range(1, 7)]
    assert all(re.search(rf"\bPage {number}\b", text) for number, text in enumerate(pages, 1))
    # and once the worker has stopped, none of its processes is left
    assert wait_for(lambda: not any(alive(pid) for pid in [worker.pid, *pool_at_end]), timeout=20)


def test_a_running_pack_whose_tasks_went_quiet_shows_as_failed(client, tree_a):
    pack, _ = request_pack(meeting_of(tree_a.business_group), None)
    token = build.claim(pack.pk, timezone.now())
    quiet_since = timezone.now() - dt.timedelta(seconds=50)
    BoardPack.objects.filter(pk=pack.pk).update(heartbeat_at=quiet_since)
    client.force_login(tree_a.members["business"].user)
    html = client.get(f"/p/alpha/packs/{pack.pk}/status/").content.decode()
    assert "Failed" in html and "stopped responding" in html
    assert "Request the board pack again" in html  # in the polled fragment, where the reader is looking
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.FAILED
    # its task, redelivered later, finds it failed and changes nothing
    assert build.render_part(pack.pk, token, 0, [0], beating=False) is None
    assert build_board_pack.delay(pack.pk).get() == "claimed elsewhere"
    # and the meeting's page offers to request it again
    page = client.get(f"/p/alpha/packs/meeting/{pack.meeting_id}/").content.decode()
    assert "Request the board pack again" in page


def waiting_pack(tree, quiet_for: dt.timedelta, title="Quarterly challenge"):
    """A running pack whose chord was sent (4 parts and the join), one part begun, none heard from
    for `quiet_for`: the other tasks wait in the queue."""
    pack, _ = request_pack(meeting_of(tree.business_group, title=title), None)
    token = build.claim(pack.pk, timezone.now())
    build.send_out(pack.pk, token, 4)
    build.begin_task(pack.pk, token)
    BoardPack.objects.filter(pk=pack.pk).update(heartbeat_at=timezone.now() - quiet_for)
    return BoardPack.objects.get(pk=pack.pk), token


def test_a_pack_waiting_in_the_queue_behind_another_pack_is_not_taken_for_lost(client, tree_a):
    pack, token = waiting_pack(tree_a, dt.timedelta(minutes=3))
    assert pack.is_waiting and (pack.tasks_sent, pack.tasks_started) == (5, 1)
    # the workers are busy with another pack, heard from a moment ago
    busy, busy_token = waiting_pack(tree_a, dt.timedelta(seconds=5), title="Another meeting")
    client.force_login(tree_a.members["business"].user)
    html = client.get(f"/p/alpha/packs/{pack.pk}/status/").content.decode()
    assert "Being made" in html and "Failed" not in html
    assert build.claim(pack.pk, timezone.now()) is None  # nor claimed again by a redelivered task
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.RUNNING and pack.run_token == token
    # but a queue that has not moved for QUEUE_STALE_AFTER has lost the pack's tasks
    later = timezone.now() + dt.timedelta(minutes=15)
    BoardPack.objects.filter(pk=busy.pk).update(heartbeat_at=later)
    assert build.fail_if_stale(pack, later).status == BoardPack.Status.FAILED


def test_a_pack_waiting_in_the_queue_with_no_worker_heard_from_fails_within_a_minute(client, tree_a):
    pack, token = waiting_pack(tree_a, dt.timedelta(seconds=50))
    client.force_login(tree_a.members["business"].user)
    html = client.get(f"/p/alpha/packs/{pack.pk}/status/").content.decode()
    assert "Failed" in html and "stopped responding" in html
    # a pack whose tasks have all begun is judged by its heartbeat alone
    other, other_token = waiting_pack(tree_a, dt.timedelta(seconds=50), title="Another meeting")
    for _ in range(4):
        build.begin_task(other.pk, other_token)
    BoardPack.objects.filter(pk=other.pk).update(heartbeat_at=timezone.now() - dt.timedelta(seconds=50))
    assert build.claim(other.pk, timezone.now()) is not None  # its worker died: taken over


def test_a_pack_heard_from_recently_is_still_being_made(client, tree_a):
    pack, _ = request_pack(meeting_of(tree_a.business_group), None)
    build.claim(pack.pk, timezone.now())
    BoardPack.objects.filter(pk=pack.pk).update(heartbeat_at=timezone.now() - dt.timedelta(seconds=20))
    client.force_login(tree_a.members["business"].user)
    assert "Being made" in client.get(f"/p/alpha/packs/{pack.pk}/status/").content.decode()
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.RUNNING


@pytest.fixture
def unreachable(settings):
    """The broker and the result backend on a port where nothing listens; not eager."""
    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url="redis://127.0.0.1:9/0", result_backend="redis://127.0.0.1:9/0", task_always_eager=False)
    forget_connections()
    yield
    app.conf.update(saved)
    forget_connections()


def forget_connections():
    """Celery keeps its broker connections and result backend once made: make them again."""
    app._pool = None
    app.amqp._producer_pool = None
    app._local.__dict__.pop("backend", None)


def test_with_the_broker_down_a_request_answers_at_once_and_says_so(
    client, tree_a, unreachable, django_capture_on_commit_callbacks
):
    meeting = meeting_of(tree_a.business_group)
    client.force_login(tree_a.members["business"].user)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/p/alpha/packs/meeting/{meeting.pk}/request/")
    assert time.monotonic() - started < 2
    pack = BoardPack.objects.get(meeting=meeting)
    assert pack.status == BoardPack.Status.FAILED and pack.message == QUEUE_DOWN  # not queued forever
    page = client.get(f"/p/alpha/packs/meeting/{meeting.pk}/").content.decode()
    assert "the task queue is not answering" in page and "Request the board pack again" in page


def test_with_the_result_backend_down_the_parts_are_not_sent_and_the_pack_fails(tree_a, settings, unreachable):
    settings.BOARD_PACK_PARTS = 2
    pack, _ = request_pack(meeting_of(tree_a.business_group), None)
    started = time.monotonic()
    assert build_board_pack.apply(args=[pack.pk]).get() == "failed"  # here, as a worker runs it
    assert time.monotonic() - started < 5
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.FAILED and pack.message == QUEUE_DOWN


def test_send_board_pack_reports_whether_it_was_queued(tree_a, unreachable):
    pack, _ = request_pack(meeting_of(tree_a.business_group), None)
    assert send_board_pack(pack.pk) is False
