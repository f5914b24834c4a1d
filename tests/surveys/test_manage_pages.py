"""The administrator's pages: list, make, statements, open. Forms keep what was typed on a
refusal, and a crafted POST naming another partnership's indicator is refused with a message."""

import datetime as dt

from surveys.models import Statement, Survey

from .helpers import draft_of, open_survey_of, today


def base(survey):
    return f"/p/alpha/surveys/{survey.pk}"


def test_the_list_shows_each_survey_with_counts_in_a_fixed_number_of_queries(
    as_admin, tree_a, django_assert_max_num_queries
):
    for number in range(6):
        open_survey_of(tree_a, title=f"Survey {number}")
    draft_of(tree_a, title="Next year's")
    with django_assert_max_num_queries(12):
        response = as_admin.get("/p/alpha/surveys/manage/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Next year&#x27;s" in content and "Draft" in content and "Open until" in content
    assert "Members who answered" in content
    assert as_admin.get("/p/alpha/surveys/manage/?export=csv").status_code == 200


def test_making_a_survey_copies_the_previous_ones_statements(as_admin, tree_a):
    # given: last year's survey, closed
    last = open_survey_of(tree_a, title="HSP self-assessment 2006")
    Survey.objects.filter(pk=last.pk).update(opens_on=dt.date(2006, 4, 3), closes_on=dt.date(2006, 5, 31))
    # when: the form offers it as the default comparison, and the administrator keeps it
    page = as_admin.get("/p/alpha/surveys/new/")
    assert page.context["form"].initial["previous"] == last.pk
    response = as_admin.post(
        "/p/alpha/surveys/new/",
        {
            "title": "HSP self-assessment 2007",
            "opens_on": "2027-04-02",
            "closes_on": "2027-05-31",
            "introduction": "Tell us how the partnership works.",
            "previous": last.pk,
            "copy_statements": "on",
        },
    )
    # then
    survey = Survey.objects.get(title="HSP self-assessment 2007")
    assert response.status_code == 302 and response["Location"] == base(survey) + "/"
    assert survey.previous == last and survey.year_label == "2027/28"
    assert [s.carried_from.survey for s in survey.statements.all()] == [last] * 3
    detail = as_admin.get(base(survey) + "/").content.decode()
    assert "Carried from HSP self-assessment 2006" in detail and "Open the survey" in detail


def test_a_bad_window_keeps_what_was_typed(as_admin):
    response = as_admin.post(
        "/p/alpha/surveys/new/",
        {"title": "Typed title", "opens_on": "2027-05-31", "closes_on": "2027-04-01", "introduction": "Kept text"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "The closing date must be the same as or after the opening date." in content
    assert "Typed title" in content and "Kept text" in content
    assert not Survey.objects.exists()


def test_statements_are_added_and_linked_to_the_partnerships_indicator(as_admin, tree_a):
    survey = draft_of(tree_a, texts=())
    response = as_admin.post(
        base(survey) + "/statements/new/",
        {"text": "  The HSP provides an effective   steer ", "indicator": tree_a.indicator.pk, "objective": ""},
    )
    assert response.status_code == 302
    statement = survey.statements.get()
    assert statement.text == "The HSP provides an effective steer" and statement.indicator == tree_a.indicator


def test_another_partnerships_indicator_is_refused_with_a_message(as_admin, tree_a, tree_b):
    # given: a draft, and B's indicator id slipped into the form
    survey = draft_of(tree_a, texts=())
    response = as_admin.post(
        base(survey) + "/statements/new/", {"text": "My typed statement", "indicator": tree_b.indicator.pk}
    )
    # then: refused beside the field, with the statement kept, and nothing of B's shown
    assert response.status_code == 200
    content = response.content.decode()
    assert "Choose an indicator of this partnership." in content
    assert "My typed statement" in content
    assert "Beta&#x27;s conception rate" not in content and tree_b.indicator.title not in content
    assert not survey.statements.exists()
    # and the form offers only A's indicators
    choices = as_admin.get(base(survey) + "/statements/new/").context["form"].fields["indicator"].queryset
    assert list(choices) == [tree_a.indicator]


def test_editing_a_statement_that_someone_else_saved_keeps_both(as_admin, tree_a):
    survey = draft_of(tree_a)
    statement = survey.statements.first()
    url = f"{base(survey)}/statements/{statement.pk}/edit/"
    Statement.objects.filter(pk=statement.pk).update(text="Saved by someone else", version=2)
    response = as_admin.post(url, {"text": "Mine", "version": 1})
    assert response.status_code == 200
    assert "Someone else changed this statement" in response.content.decode()
    assert "Mine" in response.content.decode()
    # saving again, having seen it, goes through
    assert as_admin.post(url, {"text": "Mine", "version": 2}).status_code == 302
    statement.refresh_from_db()
    assert statement.text == "Mine"


def test_statements_move_and_are_removed(as_admin, tree_a):
    survey = draft_of(tree_a, texts=("one", "two"))
    one, two = survey.statements.all()
    assert as_admin.post(f"{base(survey)}/statements/{two.pk}/move/", {"direction": "up"}).status_code == 302
    assert list(survey.statements.values_list("text", flat=True)) == ["two", "one"]
    assert as_admin.post(f"{base(survey)}/statements/{two.pk}/move/", {"direction": "sideways"}).status_code == 302
    assert as_admin.get(f"{base(survey)}/statements/{one.pk}/remove/").status_code == 200
    assert as_admin.post(f"{base(survey)}/statements/{one.pk}/remove/").status_code == 302
    assert list(survey.statements.values_list("text", flat=True)) == ["two"]


def test_a_statement_of_another_survey_is_not_found(as_admin, tree_a):
    survey, other = draft_of(tree_a), draft_of(tree_a, title="Other")
    statement = other.statements.first()
    assert as_admin.get(f"{base(survey)}/statements/{statement.pk}/edit/").status_code == 404


def test_opening_from_the_page(as_admin, tree_a):
    survey = draft_of(tree_a)
    assert as_admin.get(base(survey) + "/open/").status_code == 200
    response = as_admin.post(base(survey) + "/open/")
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.opened_at is not None
    # and its history says who opened it
    (opening,) = [entry for entry in as_admin.get(base(survey) + "/").context["history"] if entry.why == "Opened"]
    assert opening.who == tree_a.members["admin"].display_name
    assert any(what == "Opened by" for what, _, _ in opening.changes)
    # once open, its statements cannot change, and the page says why
    statement = survey.statements.first()
    refused = as_admin.get(f"{base(survey)}/statements/{statement.pk}/edit/", follow=True)
    assert "can no longer change" in refused.content.decode()
    again = as_admin.post(base(survey) + "/open/")
    assert again.status_code == 200 and "already been opened" in again.content.decode()


def test_a_survey_whose_window_has_ended_says_why_it_cannot_open(as_admin, tree_a):
    survey = draft_of(tree_a, opens_on=today() - dt.timedelta(days=30), closes_on=today() - dt.timedelta(days=1))
    detail = as_admin.get(base(survey) + "/").content.decode()
    assert "Not ready to open" in detail and "change the closing date" in detail
    response = as_admin.post(base(survey) + "/open/")
    assert response.status_code == 200 and "window ended" in response.content.decode()
