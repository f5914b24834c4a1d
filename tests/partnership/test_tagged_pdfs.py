"""Every kind of PDF the product makes is tagged for screen readers (PDF/UA-1), read back from its
structure tree: the document's language and a title naming it, a first-level heading saying what
it is, header cells for its tables, and alternative text for every figure (chart).

Each kind is rendered once, as a member downloads it from its page (the exception report also as
the theme board receives it by email), from one partnership with data for every kind. The data
is made once for the module, inside a transaction rolled back as soon as the PDFs are in hand.
The board pack is tested with the pack (tests/reporting)."""

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from escalation.services.decisions import open_by_hand
from escalation.services.reports import default_half
from indicators.models import BudgetProfile, Commission, Period, SpendReturn
from indicators.periods import PeriodKind, latest_ended
from partnership.pdf_structure import PdfStructure, structure
from partnership.roles import Role
from partnership.years import financial_year_label
from planning.services.review import open_review
from reporting.models import Decision
from reporting.services.chain import draft_at_deadline, send_out_report_by_id
from reporting.services.cycles import open_cycle
from surveys.agreement import Choice
from surveys.demo import load_survey

from ..builders import make_indicator, make_member, make_partnership, make_plan, make_return, make_user
from ..reporting.scorecard_tree import Q3, with_scorecard
from ..tenant_urls import tenant_url_names

# pytest-django makes the test database only for tests that ask for one: these read what the
# module's fixture (which has its own transaction) rendered.
pytestmark = pytest.mark.django_db

LANGUAGE = "en-GB"


@dataclass(frozen=True)
class Kind:
    """A kind of PDF: where it comes from, the words its title must hold, its first H1, and how many
    tables it has at least (each needing header cells)."""

    path: str
    title_words: tuple[str, ...]
    h1: str
    tables: int = 1


def quarter_of_the_partnership():
    """Alpha: the personas, a Well-Being quarter with a green, an amber and a red indicator (the red
    one escalated in the last half year, its return giving a reason and an action) over four
    quarters, a commission and a legacy project with their spend, an escalation and a risk, the
    scorecard's objectives, the quarter's cycle with its exception reports, a decision of the
    theme board, a closed survey, the year's approved action plan and its annual review."""
    tree = make_partnership("alpha")
    for persona, role, target in (
        ("admin", Role.PARTNERSHIP_ADMIN, None),
        ("chair", Role.BOARD_CHAIR, tree.theme_board),
        ("pml", Role.PERFORMANCE_MANAGEMENT_LEAD, tree.theme),
        ("outcome_lead", Role.OUTCOME_LEAD, tree.theme),
        ("business", Role.BUSINESS_GROUP_MEMBER, tree.business_group),
        ("plain", None, None),
    ):
        roles = [(role, target)] if role else []
        tree.members[persona] = make_member(tree.partnership, make_user(f"{persona}_a"), roles)
    tree.indicator = make_indicator(tree, "NI 112", title="Under 18 conception rate")
    tree.with_returns().with_escalations()
    quarter = tree.quarter
    quarters = [quarter.previous().previous().previous(), quarter.previous().previous(), quarter.previous(), quarter]
    level = [(quarter.financial_year, Decimal(60), Decimal(55))]
    for code, title, values in (
        ("G 1", "Homes built", (52, 55, 58, 65)),
        ("A 1", "People into work", (61, 60, 58, 57)),
        ("R 1", "Young people in training", (58, 56, 52, 50)),
    ):
        results = list(zip(quarters, values, strict=True))
        indicator = make_indicator(
            tree, code, title=title, unit="count", polarity="higher", targets=level, results=results
        )
    last_half = latest_ended(PeriodKind.HALF, timezone.localdate())
    open_by_hand(tree.partnership, indicator, stage=3, evidence="Still falling.", user=None, today=last_half.start)
    make_return(
        indicator,
        quarter,
        state="approved",
        value=50,
        variance_reason="Staff shortages at the college",
        action_taken="Recruiting two tutors",
    )
    project = Commission.objects.create(theme=tree.theme, name="Neighbourhood Wardens (NRF)", kind="project")
    BudgetProfile.objects.create(commission=project, period=Period.objects.for_span(quarter), amount=Decimal(8000))
    SpendReturn.objects.create(
        commission=project, period=Period.objects.for_span(quarter), actual_spend=6000, state="approved", version=1
    )
    with_scorecard(tree)
    tree.cycle = open_cycle(tree.partnership, quarter)
    draft_at_deadline(tree.cycle, today=tree.cycle.exception_reports_due, now=timezone.now())
    tree.report = tree.cycle.exception_reports.get(theme=tree.theme)
    Decision.objects.create(
        meeting=tree.meeting,
        subject="Young people in training",
        decision="Fund two more tutors from the reserve",
        due_date=tree.meeting.starts_at.date() + dt.timedelta(days=30),
    )
    tree.survey = load_survey(
        tree.partnership,
        title="Self-assessment 2006",
        opens_on=dt.date(2006, 4, 3),
        closes_on=dt.date(2006, 5, 31),
        statements=[("The HSP strategies reflect the views of the community", tree.indicator, None)],
        answers=[[Choice.AGREE], [Choice.DISAGREE], [Choice.DISAGREE], [Choice.DONT_KNOW], [Choice.DONT_KNOW]],
    )
    tree.plan = make_plan(tree, state="approved", financial_year=quarter.financial_year)
    tree.review = open_review(tree.partnership, quarter.financial_year, user=tree.members["admin"].user)
    return tree


EMAILED = "reporting:exception_pdf, emailed"


def kinds_of(tree) -> dict[str, Kind]:
    """{URL name: Kind} (and the emailed exception report)."""
    slug = {"partnership_slug": tree.partnership.slug}
    quarter, theme, board = tree.quarter.label, tree.theme.name, tree.theme_board.name
    half = default_half(timezone.localdate()).label
    year = financial_year_label(tree.quarter.financial_year)
    exception = Kind(
        reverse("reporting:exception_pdf", kwargs={**slug, "report_id": tree.report.pk}),
        (theme, "exception report", tree.cycle.period.label),
        f"{theme}: exception report",
    )
    return {
        "reporting:dashboard_pdf": Kind(
            reverse("reporting:dashboard_pdf", kwargs={**slug, "theme_slug": tree.theme.slug}),
            (theme, "dashboard", quarter),
            f"{theme}: performance dashboard",
            tables=2,  # the indicators, the commissions
        ),
        "reporting:projects_pdf": Kind(
            reverse("reporting:projects_pdf", kwargs=slug),
            ("Project monitoring schedule",),
            "Project monitoring schedule",
        ),
        "reporting:scorecard_pdf": Kind(
            reverse("reporting:scorecard_pdf", kwargs=slug) + f"?quarter={Q3.start}",
            ("Partnership scorecard", Q3.label),
            "Partnership scorecard",
        ),
        "reporting:theme_scorecard_pdf": Kind(
            reverse("reporting:theme_scorecard_pdf", kwargs={**slug, "theme_slug": tree.theme.slug})
            + f"?quarter={Q3.start}",
            (f"{theme} scorecard", Q3.label),
            f"{theme} scorecard",
        ),
        "reporting:exception_pdf": exception,
        EMAILED: exception,
        "reporting:partnership_report_pdf": Kind(
            reverse("reporting:partnership_report_pdf", kwargs={**slug, "cycle_id": tree.cycle.pk}),
            ("HSP/PMG report", tree.cycle.period.label),
            f"HSP/PMG report: {tree.cycle.period.label}",
            tables=3,  # the counts by theme, the red items, the spend
        ),
        "reporting:decision_log_pdf": Kind(
            reverse("reporting:decision_log_pdf", kwargs={**slug, "board_id": tree.theme_board.pk}),
            (board, "decision log"),
            f"{board}: decision log",
            tables=0,  # each decision is a block of labelled text
        ),
        "escalation:report_pdf": Kind(
            reverse("escalation:report_pdf", kwargs=slug),
            ("Escalations report", half, tree.partnership.name),
            f"Escalations report, {half}",
        ),
        "surveys:results_pdf": Kind(
            reverse("surveys:results_pdf", kwargs={**slug, "survey_id": tree.survey.pk}),
            ("Results", str(tree.survey)),
            f"Results: {tree.survey}",
        ),
        "reporting:finance_report_pdf": Kind(
            reverse("reporting:finance_report_pdf", kwargs={**slug, "cycle_id": tree.cycle.pk}),
            ("Financial report", tree.cycle.period.label),
            f"Financial report: {tree.cycle.period.label}",
        ),
        "planning:laa_plan_pdf": Kind(
            reverse("planning:laa_plan_pdf", kwargs={**slug, "year": tree.plan.financial_year}),
            ("LAA action plan", year),
            f"LAA action plan {year}",
        ),
        "planning:annual_report_pdf": Kind(
            reverse("planning:annual_report_pdf", kwargs={**slug, "review_id": tree.review.pk}),
            ("Annual Report", year),
            f"Annual Report {year}",
        ),
    }


@contextmanager
def tasks_run_at_once():
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = previous


def emailed_exception_report(tree) -> bytes:
    """The PDF attached to the exception report the theme board's chair is sent."""
    mail.outbox = []
    assert send_out_report_by_id(tree.report.pk) >= 1
    to_chair = [m for m in mail.outbox if tree.members["chair"].user.email in m.to]
    [(filename, content, mimetype)] = to_chair[0].attachments
    assert mimetype == "application/pdf" and filename.endswith(".pdf")
    return content


def downloaded(client, path) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, f"{path}: {response.status_code}"
    assert response["Content-Type"] == "application/pdf"
    return response.content


@pytest.fixture(scope="module")
def pdfs(django_db_setup, django_db_blocker):
    """{kind: (Kind, PdfStructure or the exception that stopped it)}: one failing kind does not hide
    the others."""
    read = {}
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, tasks_run_at_once(), transaction.atomic():
        tree = quarter_of_the_partnership()
        client = Client()
        client.force_login(tree.members["admin"].user)
        for name, kind in kinds_of(tree).items():
            try:
                with transaction.atomic():  # a savepoint: a kind that fails leaves the data as it was
                    pdf = emailed_exception_report(tree) if name == EMAILED else downloaded(client, kind.path)
                read[name] = (kind, structure(pdf))
            except Exception as error:  # raised again by that kind's tests
                read[name] = (kind, error)
        transaction.set_rollback(True)
    return read


KINDS = [
    "reporting:dashboard_pdf",
    "reporting:projects_pdf",
    "reporting:scorecard_pdf",
    "reporting:theme_scorecard_pdf",
    "reporting:exception_pdf",
    EMAILED,
    "reporting:partnership_report_pdf",
    "reporting:decision_log_pdf",
    "escalation:report_pdf",
    "surveys:results_pdf",
    "reporting:finance_report_pdf",
    "planning:laa_plan_pdf",
    "planning:annual_report_pdf",
]


def read_back(pdfs, name) -> tuple[Kind, PdfStructure]:
    kind, read = pdfs[name]
    if isinstance(read, Exception):
        raise read
    return kind, read


def test_every_kind_is_listed(pdfs):
    assert sorted(pdfs) == sorted(KINDS)


def test_every_pdf_url_of_the_product_is_one_of_the_kinds():
    """A new PDF page fails here until it is added above. The board pack (reporting:pack_download)
    is tested with the pack."""
    pdf_urls = {name for name in tenant_url_names() if name.endswith("_pdf")}
    assert pdf_urls == set(KINDS) - {EMAILED}


@pytest.mark.parametrize("name", KINDS)
def test_the_pdf_is_tagged_with_its_language_and_a_title_naming_it(pdfs, name):
    kind, read = read_back(pdfs, name)
    assert read.tagged
    assert read.lang == LANGUAGE
    missing = [word for word in kind.title_words if word not in read.title]
    assert read.title.strip() and not missing, f"title {read.title!r} lacks {missing}"


@pytest.mark.parametrize("name", KINDS)
def test_one_h1_says_what_the_document_is_first_and_it_is_bookmarked(pdfs, name):
    kind, read = read_back(pdfs, name)
    assert read.headings, "no headings"
    assert read.headings[0] == (1, kind.h1)
    assert [heading for heading in read.headings if heading[0] == 1] == [(1, kind.h1)]
    assert kind.h1 in read.bookmarks


@pytest.mark.parametrize("name", KINDS)
def test_headings_have_text_and_go_down_one_level_at_a_time(pdfs, name):
    """A screen reader's list of headings: an H3 straight after an H1 reads as a missing section."""
    _, read = read_back(pdfs, name)
    assert all(text for _, text in read.headings), f"a heading without text: {read.headings}"
    levels = [level for level, _ in read.headings]
    skips = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
    assert not skips, f"heading levels skip: {skips} in {read.headings}"


@pytest.mark.parametrize("name", KINDS)
def test_every_table_has_header_cells(pdfs, name):
    kind, read = read_back(pdfs, name)
    assert len(read.tables) >= kind.tables, f"expected at least {kind.tables} tables, found {len(read.tables)}"
    without = [headers for headers in read.tables if not any(text.strip() for text in headers)]
    assert not without, f"{len(without)} of {len(read.tables)} tables have no header cell with text"


@pytest.mark.parametrize("name", KINDS)
def test_every_figure_has_alternative_text(pdfs, name):
    _, read = read_back(pdfs, name)
    without = [index for index, alt in enumerate(read.figures) if not alt.strip()]
    assert not without, f"{len(without)} of {len(read.figures)} figures have no /Alt"


def test_the_dashboard_has_charts_to_describe(pdfs):
    """So the test above is not met by a dashboard with nothing on it."""
    _, read = read_back(pdfs, "reporting:dashboard_pdf")
    assert read.figures
