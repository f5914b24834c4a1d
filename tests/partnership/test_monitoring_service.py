"""The make-up of a partnership (partnership.services.monitoring): who is counted, as the forms
stood at a past day, in a fixed number of queries; saving, removing and the demo's loader."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from partnership.demo.monitoring import load_monitoring
from partnership.equality import PREFER_NOT_TO_SAY
from partnership.models import MemberMonitoring, Membership
from partnership.services.monitoring import end_of, make_up, member_share, remove_answers, save_answers
from partnership.services.people import deactivate

from ..builders import make_member, make_user


def members(tree, count):
    """The tree's members, and more until there are `count`."""
    for number in range(len(tree.members), count):
        tree.members[f"extra{number}"] = make_member(
            tree.partnership, make_user(f"extra{number}_{tree.partnership.slug}")
        )
    return list(tree.members.values())


def answer_all(people, **answers_by_field):
    """Each field's answers (a list, one per person, in order; shorter lists leave the rest blank)."""
    for index, person in enumerate(people):
        answers = {f: values[index] for f, values in answers_by_field.items() if index < len(values)}
        if answers:
            save_answers(person, answers)


def table(figures, field):
    return next(t for t in figures.tables if t.question.field == field)


def shift_history(model_history, when):
    """Move every history record so far to `when` (the tests' way of writing the past)."""
    model_history.all().update(history_date=when)


def test_the_make_up_counts_the_active_members_answers(tree_a, tree_b):
    # given: 10 members of A, 8 answering; and B's administrator answering too
    people = members(tree_a, 10)
    answer_all(people[:8], sex=["female"] * 5 + ["male"] * 3, age_band=["under_25"] * 6 + [PREFER_NOT_TO_SAY] * 2)
    save_answers(tree_b.members["admin"], {"sex": "male"})
    tree_a.partnership.monitoring_minimum_count = 3
    # when
    figures = make_up(tree_a.partnership)
    # then
    assert (figures.active_members, figures.forms_returned, figures.response_rate) == (10, 8, Decimal("80.0"))
    assert figures.as_of == timezone.localdate() and figures.minimum == 3
    sex = table(figures, "sex")
    assert [(r.value, r.count, r.percent) for r in sex.rows] == [
        ("female", 5, Decimal("62.5")),
        ("male", 3, Decimal("37.5")),
    ]
    assert table(figures, "age_band").answered == 6  # "Prefer not to say" is not an answer
    assert member_share(tree_a.partnership, "female").count == 5
    assert member_share(tree_a.partnership, "under_25").percent == Decimal("100.0")


def test_small_groups_are_withheld_at_the_partnerships_minimum(tree_a):
    people = members(tree_a, 10)
    answer_all(people, sex=["female"] * 6 + ["male"] * 4)
    # the default minimum, 5: four men is a small group (and so are the four who are not women)
    male = member_share(tree_a.partnership, "male")
    assert (male.count, male.percent, male.answered) == (None, None, 10)
    assert male.withheld.startswith("Fewer than 5")
    assert not member_share(tree_a.partnership, "female").shown
    # a partnership that chooses 3 sees both
    tree_a.partnership.monitoring_minimum_count = 3
    assert member_share(tree_a.partnership, "male").percent == Decimal("40.0")


def test_inactive_members_are_left_out(tree_a):
    people = members(tree_a, 6)
    answer_all(people, disability=["no"] * 6)
    save_answers(tree_a.members["plain"], {"disability": "yes"})
    tree_a.partnership.monitoring_minimum_count = 3
    assert make_up(tree_a.partnership).forms_returned == 6
    # when: the one who said yes is deactivated
    deactivate(tree_a.members["plain"], by=tree_a.members["admin"])
    # then: their form is kept but not counted
    figures = make_up(tree_a.partnership)
    assert (figures.active_members, figures.forms_returned) == (5, 5)
    assert member_share(tree_a.partnership, "disability").count == 0
    assert MemberMonitoring.objects.filter(membership=tree_a.members["plain"]).exists()


def test_a_past_day_reads_the_forms_and_the_members_as_they_stood(tree_a):
    # given: seven members answered last month
    people = members(tree_a, 7)
    answer_all(people, sex=["female"] * 4 + ["male"] * 3)
    last_month = timezone.now() - dt.timedelta(days=30)
    shift_history(MemberMonitoring.history, last_month)
    shift_history(Membership.history, last_month - dt.timedelta(days=1))
    # and since then: one changed their answer, one removed theirs (erased, with its history), one
    # was deactivated, and a newcomer joined and answered
    save_answers(people[0], {"sex": "male"})
    remove_answers(people[1])
    deactivate(people[2], by=tree_a.members["admin"])
    newcomer = make_member(tree_a.partnership, make_user("newcomer"))
    save_answers(newcomer, {"sex": "female"})
    tree_a.partnership.monitoring_minimum_count = 3
    # when
    then = make_up(tree_a.partnership, as_of=(last_month + dt.timedelta(days=1)).date())
    now = make_up(tree_a.partnership)
    # then: the past day counts the seven members as they answered but the erased form, and the
    # newcomer not at all
    assert (then.active_members, then.forms_returned) == (7, 6)
    assert [r.count for r in table(then, "sex").rows] == [3, 3]
    # while today: 7 active (one deactivated, one newcomer), 6 forms (one removed, one inactive)
    assert (now.active_members, now.forms_returned) == (7, 6)
    # and two women among six: neither figure is shown
    assert not any(row.shown for row in table(now, "sex").rows)
    assert member_share(tree_a.partnership, "male", as_of=then.as_of).count == 3
    # and a day before anyone answered has no forms
    before = make_up(tree_a.partnership, as_of=(last_month - dt.timedelta(days=2)).date())
    assert (before.active_members, before.forms_returned) == (0, 0) and before.response_rate is None


def test_a_membership_made_before_history_was_kept_counts_if_it_had_joined_and_is_active(tree_a):
    people = members(tree_a, 4)
    answer_all(people, sex=["female"] * 4)
    shift_history(MemberMonitoring.history, timezone.now() - dt.timedelta(days=10))
    Membership.history.all().delete()  # as for memberships made before migration 0004
    Membership.objects.update(joined_at=timezone.now() - dt.timedelta(days=20))
    tree_a.partnership.monitoring_minimum_count = 3
    past = make_up(tree_a.partnership, as_of=timezone.localdate() - dt.timedelta(days=5))
    assert (past.active_members, past.forms_returned) == (6, 4)


@pytest.mark.parametrize("size", [6, 30])
def test_a_fixed_number_of_queries(tree_a, size, django_assert_num_queries):
    people = members(tree_a, size)
    answer_all(people, ethnic_group=["white"] * size, sex=["female", "male"] * (size // 2))
    shift_history(MemberMonitoring.history, timezone.now() - dt.timedelta(days=10))
    shift_history(Membership.history, timezone.now() - dt.timedelta(days=10))
    past = timezone.localdate() - dt.timedelta(days=3)
    assert make_up(tree_a.partnership, as_of=past).forms_returned == size
    with django_assert_num_queries(1):
        make_up(tree_a.partnership)
    with django_assert_num_queries(3):
        make_up(tree_a.partnership, as_of=past)
    with django_assert_num_queries(1):
        member_share(tree_a.partnership, "bme")
    with django_assert_num_queries(3):
        member_share(tree_a.partnership, "bme", as_of=past)


def test_an_unknown_measure_is_refused(tree_a):
    with pytest.raises(ValueError, match="Unknown measure"):
        member_share(tree_a.partnership, "left_handed")


def test_the_end_of_a_day_is_its_last_moment_in_london():
    moment = end_of(dt.date(2026, 6, 30))
    assert timezone.localtime(moment).date() == dt.date(2026, 6, 30)
    assert timezone.localtime(moment + dt.timedelta(microseconds=1)).date() == dt.date(2026, 7, 1)


# --- saving and removing -----------------------------------------------------------------------------


def test_saving_the_same_answers_again_keeps_one_history_record(tree_a):
    member = tree_a.members["plain"]
    form = save_answers(member, {"sex": "female", "age_band": "25_44"})
    save_answers(member, {"sex": "female", "age_band": "25_44"})
    assert form.history.count() == 1
    save_answers(member, {"sex": "female"})  # age no longer answered
    form.refresh_from_db()
    assert (form.sex, form.age_band, form.history.count()) == ("female", "", 2)


def test_saving_refuses_unknown_questions_answers_and_a_religion_without_one(tree_a):
    member = tree_a.members["plain"]
    with pytest.raises(ValueError):
        save_answers(member, {"shoe_size": "9"})
    with pytest.raises(ValueError, match="Nothing answered"):
        save_answers(member, {"sex": ""})
    with pytest.raises(ValidationError):
        save_answers(member, {"sex": "martian"})
    with pytest.raises(ValidationError) as refused:
        save_answers(member, {"faith": "no_religion", "religion": "sikh"})
    assert "religion" in refused.value.message_dict
    assert not MemberMonitoring.objects.exists()


def test_the_minimum_count_is_at_least_three_in_the_database_too(tree_a):
    partnership = tree_a.partnership
    assert partnership.monitoring_minimum_count == 5
    partnership.monitoring_minimum_count = 2
    with pytest.raises(ValidationError):
        partnership.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        partnership.save()


def test_the_admin_registers_no_monitoring_form():
    assert not admin.site.is_registered(MemberMonitoring)
    assert not admin.site.is_registered(MemberMonitoring.history.model)
    assert str(MemberMonitoring()) == "Equality monitoring form"  # never the answers


# --- the demo's loader --------------------------------------------------------------------------------


def test_load_monitoring_writes_forms_in_member_order_and_is_idempotent(tree_a):
    ordered = list(Membership.objects.for_partnership(tree_a.partnership).filter(is_active=True))
    answers = [{"sex": "female"}, None, {"ethnic_group": "asian", "faith": "religion", "religion": "hindu"}]
    assert load_monitoring(tree_a.partnership, answers) == 2
    assert load_monitoring(tree_a.partnership, answers) == 2
    forms = {f.membership_id: f for f in MemberMonitoring.objects.all()}
    assert set(forms) == {ordered[0].pk, ordered[2].pk}
    assert forms[ordered[2].pk].religion == "hindu"
    assert MemberMonitoring.history.count() == 2  # the second run saved nothing


def test_load_monitoring_refuses_more_answers_than_members(tree_a):
    with pytest.raises(ValueError, match="active members"):
        load_monitoring(tree_a.partnership, [{"sex": "male"}] * 7)
    assert not MemberMonitoring.objects.exists()


def test_removing_answers_erases_every_version_of_them(tree_a):
    member = tree_a.members["plain"]
    save_answers(member, {"sex": "female"})
    save_answers(member, {"sex": "male", "disability": "yes"})
    assert MemberMonitoring.history.filter(membership_id=member.pk).count() == 2
    assert remove_answers(member)
    assert not MemberMonitoring.objects.filter(membership=member).exists()
    assert not MemberMonitoring.history.filter(membership_id=member.pk).exists()
    assert not remove_answers(member)  # nothing left to remove
