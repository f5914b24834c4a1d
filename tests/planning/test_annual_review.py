"""The annual performance review and the Annual Report: every agreed target placed likely,
difficult or unlikely; SMART action points on those at risk before the partnership board agrees;
progress on the points through the year; the report computed once for the page and the tagged PDF."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from indicators.models import AnnualTarget
from indicators.models.targets import Agreement
from indicators.periods import PeriodKind, spans_in_year
from planning.models import ActionPoint, AnnualReview
from planning.services.plans import PlanRefused
from planning.services.review import add_action_point, agree_review, open_review, place_target
from tests.builders import make_commission, make_indicator, make_spend

FY = 2025
QUARTERS = spans_in_year(FY, PeriodKind.QUARTER)


@pytest.fixture
def year_a(boards_a):
    """A's year 2025/26: NI 112 red all year against its agreed target; NI 40 with only a proposed
    target; a commission with its budget and spend."""
    tree = boards_a
    AnnualTarget.objects.filter(indicator=tree.indicator).delete()
    tree.red = make_indicator(
        tree,
        "NI 8",
        polarity="higher",
        unit="percent",
        title="Adult participation in sport",
        targets=[(FY, 40, 36)],
        results=[(span, 30) for span in QUARTERS],
    )
    tree.proposed = make_indicator(tree, "NI 40", targets=[(FY, 10, 12)], results=[(QUARTERS[0], 9)])
    AnnualTarget.objects.filter(indicator=tree.proposed).update(agreement=Agreement.PROPOSED)
    commission = make_commission(tree, profile=[(span, 10000) for span in QUARTERS])
    for span in QUARTERS:
        make_spend(commission, span, 9000)
    return tree


def test_the_review_holds_every_agreed_target_with_its_year_and_forecast(year_a):
    review = open_review(year_a.partnership, FY, user=year_a.members["psg"].user)
    target = review.targets.get()  # NI 40's target is only proposed: it is not the year's target
    assert (target.code, target.status, target.forecast, target.judgement) == ("NI 8", "red", "unlikely", "unlikely")
    assert open_review(year_a.partnership, FY, user=None) == review  # once a year


def test_a_red_target_needs_a_smart_action_point_before_the_board_agrees(year_a):
    psg, board = year_a.members["psg"], year_a.members["board"]
    review = open_review(year_a.partnership, FY, user=psg.user)
    with pytest.raises(PlanRefused) as refused:
        agree_review(review, summary="A hard year.", expected_version=review.version, user=board.user)
    assert refused.value.problems == ("NI 8: agree at least one SMART action point (the target is at risk).",)
    target = review.targets.get()
    with pytest.raises(PlanRefused):  # not SMART
        add_action_point(
            target,
            user=psg.user,
            today=dt.date(2026, 7, 1),
            description="More sport",
            measure="",
            resources="",
            lead=None,
            due_date=None,
        )
    add_action_point(
        target,
        user=psg.user,
        today=dt.date(2026, 7, 1),
        lead=psg,
        description="Open the three leisure centres on Sunday mornings",
        measure="Participation at 36% by March",
        resources="£15,000 ABG; leisure trust staff",
        due_date=dt.date(2027, 3, 31),
    )
    review = agree_review(review, summary="A hard year.", expected_version=review.version, user=board.user)
    assert review.state == AnnualReview.State.AGREED and review.agreed_by == board.user
    with pytest.raises(PlanRefused):  # judgements are fixed once agreed
        place_target(target, judgement="likely", reason="", expected_version=None, user=psg.user)


def test_who_may_place_agree_and_record_progress(client, year_a):
    review = open_review(year_a.partnership, FY, user=year_a.members["psg"].user)
    target = review.targets.get()
    place = reverse("planning:review_target", args=["alpha", review.pk, target.pk])
    agree = reverse("planning:review_agree", args=["alpha", review.pk])
    client.force_login(year_a.members["officer"].user)
    assert client.post(place, {"version": target.version, "judgement": "likely"}).status_code == 403
    client.force_login(year_a.members["psg"].user)
    assert client.post(agree, {"version": review.version, "summary": "x"}).status_code == 403
    response = client.post(place, {"version": target.version, "judgement": "difficult", "reason": "Close to the level"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.judgement, target.reason) == ("difficult", "Close to the level")
    stale = client.post(place, {"version": target.version - 1, "judgement": "likely"})
    assert b"Someone else changed this target" in stale.content
    point = ActionPoint.objects.create(
        target=target,
        description="Open on Sundays",
        measure="36% by March",
        resources="ABG",
        lead=year_a.members["officer"],
        due_date=dt.date(2027, 3, 31),
    )
    progress = reverse("planning:point_progress", args=["alpha", point.pk])
    client.force_login(year_a.members["officer"].user)  # the point's lead
    client.post(progress, {"version": point.version, "status": "on_track", "progress": "Two of three open"})
    point.refresh_from_db()
    assert (point.status, point.progress) == ("on_track", "Two of three open")
    client.force_login(year_a.members["plain"].user)
    assert client.post(progress, {"version": point.version, "status": "complete", "progress": "x"}).status_code == 403
    # and the review page links to the progress form only for those who may use it
    page = reverse("planning:review", args=["alpha", review.pk])
    assert progress not in client.get(page).content.decode()
    client.force_login(year_a.members["psg"].user)
    assert progress in client.get(page).content.decode()


def test_the_annual_report_shows_targets_money_and_action_points_in_a_tagged_pdf(
    client, year_a, django_assert_max_num_queries
):
    review = open_review(year_a.partnership, FY, user=year_a.members["psg"].user)
    ActionPoint.objects.create(
        target=review.targets.get(),
        description="Open the leisure centres on Sundays",
        measure="36% by March",
        resources="ABG",
        lead=year_a.members["officer"],
        due_date=dt.date(2027, 3, 31),
    )
    client.force_login(year_a.members["plain"].user)
    with django_assert_max_num_queries(17):
        page = client.get(reverse("planning:annual_report", args=["alpha", review.pk]))
    content = page.content.decode()
    assert "NI 8 Adult participation in sport" in content and "Achievement unlikely" in content
    assert "Area Based Grant" in content and ">40,000<" in content and ">36,000<" in content
    assert "Open the leisure centres on Sundays" in content
    with django_assert_max_num_queries(17):
        assert client.get(review.get_absolute_url()).status_code == 200
    pdf = client.get(reverse("planning:annual_report_pdf", args=["alpha", review.pk])).content
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Annual Report 2025/26" in text and "Open the leisure centres on Sundays" in text
