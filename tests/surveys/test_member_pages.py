"""What members see: the surveys page, answering once with a clear confirmation, and the results
once a survey has closed, and only if at least the partnership's minimum count of members (default 5)
answered it. Before the close nobody, the administrator included, sees the answers: only how many
have answered."""

import datetime as dt
import io

from django.utils.html import escape
from pypdf import PdfReader

from surveys.agreement import Choice
from surveys.demo import load_survey
from surveys.models import Submission, Survey
from surveys.services.answers import submit_answers
from surveys.views.member import RECORDED

from .helpers import choices_for, draft_of, open_survey_of, today


def form_data(survey, choice):
    return {f"statement_{pk}": value for pk, value in choices_for(survey, choice).items()}


WITHHELD = "Fewer than 5 members answered: the results are not shown, so that nobody's answers can be told."
FIVE = ([Choice.AGREE], [Choice.DISAGREE], [Choice.DISAGREE], [Choice.DONT_KNOW], [Choice.DONT_KNOW])


def pdf_text(response):
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())


def closed_survey(tree, answers=FIVE):
    return load_survey(
        tree.partnership,
        title="Self-assessment 2006",
        opens_on=dt.date(2006, 4, 3),
        closes_on=dt.date(2006, 5, 31),
        statements=[("The HSP strategies reflect the views of the community", tree.indicator, None)],
        answers=list(answers),
    )


def test_the_surveys_page_lists_open_and_closed_surveys_but_not_drafts(as_plain, tree_a, django_assert_max_num_queries):
    running = open_survey_of(tree_a, title="Running survey")
    closed = closed_survey(tree_a)
    draft_of(tree_a, title="Secret draft")
    with django_assert_max_num_queries(10):
        response = as_plain.get("/p/alpha/surveys/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Running survey" in content and "To answer" in content
    assert f"/p/alpha/surveys/{running.pk}/answer/" in content
    assert f"/p/alpha/surveys/{closed.pk}/results/" in content
    assert "Secret draft" not in content and "Manage surveys" not in content


def test_a_member_answers_once_with_a_clear_confirmation(as_plain, tree_a):
    survey = open_survey_of(tree_a)
    url = f"/p/alpha/surveys/{survey.pk}/answer/"
    page = as_plain.get(url).content.decode()
    assert 'type="radio"' in page and "Don&#x27;t know" in page
    # when
    response = as_plain.post(url, form_data(survey, Choice.AGREE), follow=True)
    # then
    content = response.content.decode()
    assert RECORDED.replace("'", "&#x27;") in content or RECORDED in content
    assert "You have answered this survey" in content and 'type="radio"' not in content
    assert Submission.objects.filter(survey=survey, membership=tree_a.members["plain"]).exists()
    # and answering again is refused in words, nothing counted twice
    again = as_plain.post(url, form_data(survey, Choice.DISAGREE))
    assert again.status_code == 200
    assert "You have already answered this survey" in again.content.decode()
    assert Submission.objects.filter(survey=survey).count() == 1


def test_a_missing_answer_keeps_the_others(as_plain, tree_a):
    survey = open_survey_of(tree_a)
    data = form_data(survey, Choice.STRONGLY_AGREE)
    last = max(survey.statements.all(), key=lambda s: s.position)
    del data[f"statement_{last.pk}"]
    response = as_plain.post(f"/p/alpha/surveys/{survey.pk}/answer/", data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Choose an answer to statement 3, or" in content
    assert content.count('value="strongly_agree" checked') == 2
    assert not Submission.objects.exists()


def test_a_closed_survey_says_so_and_takes_no_answers(as_plain, tree_a):
    survey = closed_survey(tree_a)
    url = f"/p/alpha/surveys/{survey.pk}/answer/"
    page = as_plain.get(url).content.decode()
    assert "closed on 31 May 2006" in page and 'type="radio"' not in page
    refused = as_plain.post(url, form_data(survey, Choice.AGREE))
    assert refused.status_code == 200 and "answers are no longer taken" in refused.content.decode()
    assert survey.submissions.count() == 5


def test_a_survey_not_started_yet_says_when_it_opens(as_plain, tree_a):
    from surveys.services.surveys import open_survey

    survey = open_survey(draft_of(tree_a, opens_on=today() + dt.timedelta(days=3)), today=today())
    page = as_plain.get(f"/p/alpha/surveys/{survey.pk}/answer/").content.decode()
    assert "This survey opens on" in page and 'type="radio"' not in page


def test_drafts_do_not_exist_for_members(as_plain, tree_a):
    survey = draft_of(tree_a)
    for page in ("answer/", "results/", "results.pdf"):
        assert as_plain.get(f"/p/alpha/surveys/{survey.pk}/{page}").status_code == 404


def test_members_and_the_administrator_read_the_results_once_closed(client, tree_a, django_assert_max_num_queries):
    # given: five of the six answered (the minimum is five)
    survey = closed_survey(tree_a)
    for name in ("plain", "admin"):
        client.force_login(tree_a.members[name].user)
        with django_assert_max_num_queries(14):
            response = client.get(f"/p/alpha/surveys/{survey.pk}/results/")
        content = response.content.decode()
        assert response.status_code == 200
        assert "33.3%" in content and "1 of 3" in content
        assert "50% or less agree" in content and "govuk-tag--red" in content  # a word and a tag, not colour alone
        assert "5 of 6 active members answered (83.3%)" in content
        assert "Fewer than" not in content
        answer_page = client.get(f"/p/alpha/surveys/{survey.pk}/answer/").content.decode()
        assert f'href="/p/alpha/surveys/{survey.pk}/results/"' in answer_page


def test_a_closed_survey_too_few_answered_shows_no_answers_page_pdf_or_link(client, tree_a):
    # given: three of the six answered (the minimum is five)
    survey = closed_survey(tree_a, answers=([Choice.AGREE], [Choice.DISAGREE], [Choice.STRONGLY_DISAGREE]))
    url = f"/p/alpha/surveys/{survey.pk}/results/"
    for name in ("plain", "admin", "officer"):
        client.force_login(tree_a.members[name].user)
        # the results page: how many answered, why nothing more, and no answer counts or percentages
        content = client.get(url).content.decode()
        assert escape(WITHHELD) in content
        assert "3 of 6 active members answered (50.0%)" in content
        assert "app-survey-results" not in content and "Strongly agree or agree" not in content
        assert "33.3%" not in content and "1 of 3" not in content and "50% or less" not in content
        # the PDF says the same
        pdf = client.get(url.replace("results/", "results.pdf"))
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        text = pdf_text(pdf)
        assert WITHHELD in text
        assert "3 of 6 active members answered" in text
        assert "33.3%" not in text and "Strongly agree" not in text and "Disagree" not in text
        # and the answer page says it in place of a link
        answer_page = client.get(f"/p/alpha/surveys/{survey.pk}/answer/").content.decode()
        assert escape(WITHHELD) in answer_page and f'href="{url}"' not in answer_page


def test_results_queries_do_not_grow_with_statements(as_plain, tree_a, django_assert_max_num_queries):
    survey = load_survey(
        tree_a.partnership,
        title="Long survey",
        opens_on=dt.date(2006, 4, 3),
        closes_on=dt.date(2006, 5, 31),
        statements=[(f"Statement {i}", tree_a.indicator, None) for i in range(25)],
        answers=[[Choice.AGREE] * 25, [Choice.NEITHER] * 25, *[[Choice.DONT_KNOW] * 25] * 3],
    )
    with django_assert_max_num_queries(14):
        assert as_plain.get(f"/p/alpha/surveys/{survey.pk}/results/").status_code == 200


def test_nobody_sees_the_answers_of_a_running_survey_the_administrator_included(client, tree_a):
    # given: five members have answered an open survey, all agreeing
    survey = open_survey_of(tree_a)
    for name in ("officer", "chair", "plain", "business", "outcome_lead"):
        submit_answers(survey, tree_a.members[name], choices_for(survey, Choice.AGREE))
    url = f"/p/alpha/surveys/{survey.pk}/results/"
    for name in ("plain", "admin"):
        client.force_login(tree_a.members[name].user)
        content = client.get(url).content.decode()
        # then: how many have answered and the response rate, and why nothing more until the close
        assert "5 of 6 active members have answered so far (83.3%)" in content
        assert "published when the survey closes" in content and "an administrator included" in content
        # and no answer counts or percentages
        assert "100.0%" not in content and "5 of 5" not in content and "50% or less" not in content
        assert "app-survey-results" not in content and "Strongly agree or agree" not in content
        assert "results.pdf" not in content
        pdf = client.get(url.replace("results/", "results.pdf"), follow=True)
        assert pdf.redirect_chain[0][1] == 302 and "published when the survey closes" in pdf.content.decode()
    # the administrator's page of the survey says how many, and why no more
    detail = client.get(f"/p/alpha/surveys/{survey.pk}/").content.decode()
    assert "5 of 6 active members" in detail and "Response so far" in detail and "100.0%" not in detail


def test_the_results_download_as_a_pdf(as_plain, tree_a):
    survey = closed_survey(tree_a)
    response = as_plain.get(f"/p/alpha/surveys/{survey.pk}/results.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_navigation_links_to_surveys(as_plain):
    assert b'href="/p/alpha/surveys/"' in as_plain.get("/p/alpha/").content


def test_outsiders_get_404_on_every_survey_page(as_outsider, tree_a):
    survey = closed_survey(tree_a)
    statement = survey.statements.get()
    pages = ["", "manage/", "new/", f"{survey.pk}/", f"{survey.pk}/edit/", f"{survey.pk}/open/"]
    pages += [f"{survey.pk}/{page}" for page in ("answer/", "results/", "results.pdf", "statements/new/")]
    pages += [f"{survey.pk}/statements/{statement.pk}/{page}/" for page in ("edit", "move", "remove")]
    for page in pages:
        for method in ("get", "post"):
            response = getattr(as_outsider, method)(f"/p/alpha/surveys/{page}")
            assert response.status_code in (404, 405), (method, page, response.status_code)
    assert Survey.objects.count() == 1 and survey.submissions.count() == 5


def test_members_without_the_role_cannot_set_surveys_up(as_plain, tree_a):
    survey = draft_of(tree_a)
    statement = survey.statements.first()
    for page in ("manage/", "new/", f"{survey.pk}/", f"{survey.pk}/edit/", f"{survey.pk}/open/"):
        assert as_plain.get(f"/p/alpha/surveys/{page}").status_code == 403, page
    assert as_plain.post(f"/p/alpha/surveys/{survey.pk}/statements/{statement.pk}/remove/").status_code == 403
    assert survey.statements.count() == 3
