"""What members see: the surveys page, answering once with a clear confirmation, and the results
once a survey has closed (the administrator also while it runs, counts only)."""

import datetime as dt

from surveys.agreement import Choice
from surveys.demo import load_survey
from surveys.models import Submission, Survey
from surveys.services.answers import submit_answers
from surveys.views.member import RECORDED

from .helpers import choices_for, draft_of, open_survey_of, today


def form_data(survey, choice):
    return {f"statement_{pk}": value for pk, value in choices_for(survey, choice).items()}


def closed_survey(tree, answers=([Choice.AGREE], [Choice.DISAGREE], [Choice.DISAGREE])):
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
    assert survey.submissions.count() == 3


def test_a_survey_not_started_yet_says_when_it_opens(as_plain, tree_a):
    from surveys.services.surveys import open_survey

    survey = open_survey(draft_of(tree_a, opens_on=today() + dt.timedelta(days=3)), today=today())
    page = as_plain.get(f"/p/alpha/surveys/{survey.pk}/answer/").content.decode()
    assert "This survey opens on" in page and 'type="radio"' not in page


def test_drafts_do_not_exist_for_members(as_plain, tree_a):
    survey = draft_of(tree_a)
    for page in ("answer/", "results/", "results.pdf"):
        assert as_plain.get(f"/p/alpha/surveys/{survey.pk}/{page}").status_code == 404


def test_members_read_the_results_once_closed(as_plain, tree_a, django_assert_max_num_queries):
    survey = closed_survey(tree_a)
    with django_assert_max_num_queries(14):
        response = as_plain.get(f"/p/alpha/surveys/{survey.pk}/results/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "33.3%" in content and "1 of 3" in content
    assert "50% or less agree" in content and "govuk-tag--red" in content  # a word and a tag, not colour alone
    assert "3 of 6 active members answered (50.0%)" in content


def test_results_queries_do_not_grow_with_statements(as_plain, tree_a, django_assert_max_num_queries):
    survey = load_survey(
        tree_a.partnership,
        title="Long survey",
        opens_on=dt.date(2006, 4, 3),
        closes_on=dt.date(2006, 5, 31),
        statements=[(f"Statement {i}", tree_a.indicator, None) for i in range(25)],
        answers=[[Choice.AGREE] * 25, [Choice.NEITHER] * 25],
    )
    with django_assert_max_num_queries(14):
        assert as_plain.get(f"/p/alpha/surveys/{survey.pk}/results/").status_code == 200


def test_results_of_a_running_survey_are_the_administrators_only(client, tree_a):
    survey = open_survey_of(tree_a)
    submit_answers(survey, tree_a.members["officer"], choices_for(survey, Choice.AGREE))
    url = f"/p/alpha/surveys/{survey.pk}/results/"
    client.force_login(tree_a.members["plain"].user)
    member_view = client.get(url).content.decode()
    assert "published when the survey closes" in member_view and "100.0%" not in member_view
    pdf = client.get(url.replace("results/", "results.pdf"))
    assert pdf.status_code == 302
    client.force_login(tree_a.members["admin"].user)
    admin_view = client.get(url).content.decode()
    assert "still open" in admin_view and "100.0%" in admin_view


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
    assert Survey.objects.count() == 1 and survey.submissions.count() == 3


def test_members_without_the_role_cannot_set_surveys_up(as_plain, tree_a):
    survey = draft_of(tree_a)
    statement = survey.statements.first()
    for page in ("manage/", "new/", f"{survey.pk}/", f"{survey.pk}/edit/", f"{survey.pk}/open/"):
        assert as_plain.get(f"/p/alpha/surveys/{page}").status_code == 403, page
    assert as_plain.post(f"/p/alpha/surveys/{survey.pk}/statements/{statement.pk}/remove/").status_code == 403
    assert survey.statements.count() == 3
