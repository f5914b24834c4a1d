"""The inputs hash: unchanged data reuses the finished pack, a change in the figures or an exception
report makes a new one, and a past quarter's pack comes from its frozen snapshot."""

from decimal import Decimal

import pytest

from indicators.models import Result
from reporting.models import BoardPack
from reporting.packs.build import request_pack
from reporting.packs.inputs import collect_inputs, inputs_hash

from .helpers import built, read, texts

pytestmark = pytest.mark.usefixtures("returns_a", "escalations_a")


# --- the inputs hash ----------------------------------------------------------------------------


def test_a_second_request_for_unchanged_data_returns_the_finished_pack_without_a_task(
    client, figures, render_calls, django_capture_on_commit_callbacks
):
    client.force_login(figures.members["business"].user)
    url = f"/p/alpha/packs/meeting/{figures.meeting.pk}/request/"
    with django_capture_on_commit_callbacks(execute=True) as first:
        client.post(url)
    assert len(first) == 1 and len(render_calls) == 1
    packs = BoardPack.objects.filter(meeting=figures.meeting).count()

    with django_capture_on_commit_callbacks(execute=True) as second:
        response = client.post(url, follow=True)
    assert second == [] and len(render_calls) == 1
    assert BoardPack.objects.filter(meeting=figures.meeting).count() == packs
    assert "ready to download" in response.content.decode()


def test_two_clicks_before_it_is_built_make_one_pack(figures):
    first, enqueue_first = request_pack(figures.meeting, figures.members["chair"])
    second, enqueue_second = request_pack(figures.meeting, figures.members["business"])
    assert first == second and enqueue_first and not enqueue_second


def test_a_change_in_the_figures_changes_the_hash(figures):
    before = inputs_hash(collect_inputs(figures.meeting))
    assert inputs_hash(collect_inputs(figures.meeting)) == before  # stable for unchanged data
    Result.objects.filter(indicator=figures.sport).update(value=Decimal(50))
    assert inputs_hash(collect_inputs(figures.meeting)) != before


def test_a_change_in_an_exception_report_changes_the_hash(frozen):
    before = inputs_hash(collect_inputs(frozen.meeting))
    frozen.cycle.exception_reports.filter(theme=frozen.theme).update(successes="Sport participation is up.", version=2)
    assert inputs_hash(collect_inputs(frozen.meeting)) != before


def test_a_past_quarters_pack_is_made_from_the_frozen_snapshot(frozen):
    # given: a pack made after the quarter was frozen
    pack = built(frozen.meeting)
    assert pack.cycle == frozen.cycle and pack.inputs["period"]["source"] == "snapshot"
    original = texts(read(pack))
    assert "62.5%" in "\n".join(original)
    # when: the live figures change afterwards
    Result.objects.filter(indicator=frozen.sport).update(value=Decimal("41.0"))
    # then: the pack's inputs are unchanged, so the same pack is returned
    assert request_pack(frozen.meeting, None) == (pack, False)
    # and made again from scratch, it is the same document
    BoardPack.objects.filter(pk=pack.pk).delete()
    again = built(frozen.meeting)
    assert again.pk != pack.pk and again.inputs_hash == pack.inputs_hash
    assert texts(read(again)) == original
    assert "41.0%" not in "\n".join(original)
