"""The Celery task that builds a pack: claimed once, reclaimed when its worker died, progress
recorded, lost packs resent, failures recorded and retried; escalation sections come from the
escalation app."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from reporting.models import BoardPack
from reporting.packs import build, inputs, render
from reporting.packs.build import request_pack
from reporting.tasks import build_board_pack

from .helpers import built, read, texts

pytestmark = pytest.mark.usefixtures("returns_a", "escalations_a")


# --- the task -----------------------------------------------------------------------------------


def test_the_build_is_claimed_once(figures, render_calls):
    pack, _ = request_pack(figures.meeting, None)
    assert build_board_pack.delay(pack.pk).get() == "done"
    assert build_board_pack.delay(pack.pk).get() == "claimed elsewhere"
    assert len(render_calls) == 1


def test_a_build_whose_worker_died_can_be_claimed_again(figures, render_calls):
    pack, _ = request_pack(figures.meeting, None)
    BoardPack.objects.filter(pk=pack.pk).update(
        status=BoardPack.Status.RUNNING, started_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert build_board_pack.delay(pack.pk).get() == "done"
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.DONE and pack.progress == 100 and pack.page_count >= 3


def test_progress_is_recorded_as_the_parts_are_laid_out(figures, monkeypatch, settings):
    seen = []
    real = build.set_progress
    monkeypatch.setattr(
        build,
        "set_progress",
        lambda pack_id, percent, message: (seen.append((percent, message)), real(pack_id, percent, message)),
    )
    sent_out = build.send_out

    def sending_out(pack_id, token, parts):
        sent_out(pack_id, token, parts)
        pack = BoardPack.objects.get(pk=pack_id)
        seen.append((pack.progress, pack.message, pack.tasks_sent))

    monkeypatch.setattr(build, "send_out", sending_out)
    settings.BOARD_PACK_PARTS = 2  # a chord of two parts (run eagerly here: no broker)
    pack = built(figures.meeting)
    assert pack.status == BoardPack.Status.DONE, pack.error
    assert seen[0] == (5, "Laying out the sections in 2 parts", 3)  # two parts and the join
    assert seen[-2:] == [(90, "Numbering the pages"), (95, "Joining the pages")]
    assert pack.tasks_started == 3
    assert pack.progress == 100 and pack.message.startswith("Made in ")


def test_progress_names_each_section_when_laid_out_in_one_process(figures, monkeypatch):
    seen = []
    monkeypatch.setattr(build, "set_progress", lambda pack_id, percent, message: seen.append((percent, message)))
    pack = built(figures.meeting)
    assert pack.status == BoardPack.Status.DONE, pack.error
    assert [message for _, message in seen] == [
        "Laying out Well-Being: performance dashboard (1 of 3)",
        "Laying out Escalations (2 of 3)",
        "Laying out Top risks (3 of 3)",
        "Numbering the pages",
        "Joining the pages",
    ]


def test_a_lost_queued_pack_is_sent_to_the_workers_again(figures):
    pack, _ = request_pack(figures.meeting, None)
    assert request_pack(figures.meeting, None) == (pack, False)
    BoardPack.objects.filter(pk=pack.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    assert request_pack(figures.meeting, None) == (pack, True)


def test_a_failed_build_records_the_error_and_can_be_requested_again(
    client, figures, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(inputs, progress):
        progress(10, "Laying out")
        raise ValueError("No font for this text")

    monkeypatch.setattr(render, "render_pack", broken)
    client.force_login(figures.members["admin"].user)
    url = f"/p/alpha/packs/meeting/{figures.meeting.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url + "request/")
    pack = BoardPack.objects.filter(meeting=figures.meeting).first()
    assert pack.status == BoardPack.Status.FAILED and "ValueError: No font for this text" in pack.error
    assert not pack.file and pack.finished_at
    html = client.get(url).content.decode()
    assert "Failed" in html and "No font for this text" in html and "Request the board pack again" in html

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url + "request/")
    latest = BoardPack.objects.filter(meeting=figures.meeting).first()
    assert latest.pk != pack.pk and latest.status == BoardPack.Status.DONE


def test_escalation_sections_come_from_the_escalation_app(figures, monkeypatch):
    # given: the escalation app's read functions (stand-ins with the attributes reports use)
    escalation = SimpleNamespace(
        indicator=SimpleNamespace(
            code="NI 39", title="Alcohol-harm related hospital admissions", lead_theme=figures.theme
        ),
        indicator_id=figures.alcohol.pk,
        opened_on=dt.date(2030, 11, 2),
        stage=2,
        stage_label="Stage 2",
        owner_label="Well-Being Board",
        report_to="Executive",
        report_due=dt.date(2031, 1, 31),
        plan="Joint plan with the PCT",
        is_overdue=lambda today: False,
    )
    risk = SimpleNamespace(
        title="Data supplier withdraws",
        score=20,
        likelihood=4,
        impact=5,
        is_highlighted=True,
        owner=None,
        mitigation="Second supplier lined up",
        review_date=dt.date(2031, 2, 1),
        themes=SimpleNamespace(all=lambda: [figures.theme]),
    )
    monkeypatch.setattr(inputs, "escalations_for_themes", lambda ids: [escalation])
    monkeypatch.setattr(inputs, "theme_risks", lambda partnership, theme_ids=None, limit=5: [risk])
    pages = texts(read(built(figures.meeting)))
    text = "\n".join(pages)
    assert "Joint plan with the PCT" in text and "31 Jan 2031" in text and "Stage 2" in text
    assert "Opened 2 Nov 2030" in text and "NI 39 Alcohol-harm related hospital admissions" in text
    assert "Data supplier withdraws" in text and "Second supplier lined up" in text
