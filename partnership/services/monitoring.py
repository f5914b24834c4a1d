"""The make-up of a partnership from its members' equality monitoring forms: totals only, withheld
by `partnership.equality`'s small-number rule, today or as the forms stood at the end of a past day.

Who is counted: the partnership's active members (an inactive member's form is kept but not
counted). For a past day, the members active at the end of that day, from the membership history;
a membership with no history record by then (memberships made before history was kept, migration
0004, have none) counts if it had joined by then and is active now. Answers as they stood at the end
of that day, from the monitoring forms' history (a form removed by then does not count).

A fixed number of queries: one for today, three for a past day.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from partnership import equality
from partnership.models import MemberMonitoring, Membership
from partnership.years import end_of

FIELDS = [question.field for question in equality.QUESTIONS]


@dataclass(frozen=True)
class MakeUp:
    """Every question's table, the seed's measures, and the response rate (forms returned of active
    members), as at a day."""

    as_of: dt.date
    minimum: int
    active_members: int
    forms_returned: int
    response_rate: Decimal | None
    tables: tuple[equality.Table, ...]
    measures: tuple[tuple[equality.Measure, equality.Share], ...]


def forms_of(partnership, as_of: dt.date | None = None) -> tuple[int, list[dict]]:
    """(how many members were active, their forms as answer dicts) today or at the end of `as_of`."""
    if as_of is None or as_of >= timezone.localdate():
        # One query: every active member, with their form's answers where they returned one.
        rows = list(
            Membership.objects.for_partnership(partnership)
            .filter(is_active=True)
            .values("monitoring__id", *(f"monitoring__{name}" for name in FIELDS))
        )
        forms = [{name: row[f"monitoring__{name}"] for name in FIELDS} for row in rows if row["monitoring__id"]]
        return len(rows), forms
    active = active_member_ids(partnership, end_of(as_of))
    forms = list(
        MemberMonitoring.history.as_of(end_of(as_of)).filter(membership_id__in=active).values("membership_id", *FIELDS)
    )
    return len(active), [{name: form[name] for name in FIELDS} for form in forms]


def active_member_ids(partnership, moment: dt.datetime) -> set[int]:
    """The ids of the partnership's members active at `moment` (see the module's docstring)."""
    then = dict(Membership.history.as_of(moment).filter(partnership_id=partnership.pk).values_list("id", "is_active"))
    without_history = (
        Membership.objects.for_partnership(partnership)
        .filter(is_active=True, joined_at__lte=moment)
        .exclude(pk__in=Membership.history.filter(partnership_id=partnership.pk, history_date__lte=moment).values("id"))
        .values_list("pk", flat=True)
    )
    return {pk for pk, is_active in then.items() if is_active} | set(without_history)


def make_up(partnership, *, as_of: dt.date | None = None) -> MakeUp:
    """The partnership's make-up: a table per question, withheld where the rule says, and the
    response rate (which identifies nobody: returning the form says nothing about the answers)."""
    minimum = partnership.monitoring_minimum_count
    active, forms = forms_of(partnership, as_of)
    tables = tuple(
        equality.tabulate(question, [form[question.field] for form in forms], minimum=minimum)
        for question in equality.QUESTIONS
    )
    return MakeUp(
        as_of=as_of or timezone.localdate(),
        minimum=minimum,
        active_members=active,
        forms_returned=len(forms),
        response_rate=equality.percent(len(forms), active),
        tables=tables,
        measures=tuple(
            (
                measure,
                equality.measure_share([form[measure.question.field] for form in forms], measure, minimum=minimum),
            )
            for measure in equality.MEASURES.values()
        ),
    )


def member_share(partnership, measure: str, *, as_of: dt.date | None = None) -> equality.Share:
    """One of the seed's People measures ("bme", "male", "female", "faith", "under_25", "over_65",
    "disability") as a share of the active members who answered its question, withheld where the
    rule says (then `count` and `percent` are None and `withheld` says why)."""
    if measure not in equality.MEASURES:
        raise ValueError(f"Unknown measure {measure!r}: one of {', '.join(equality.MEASURES)}.")
    chosen = equality.MEASURES[measure]
    _active, forms = forms_of(partnership, as_of)
    answers = [form[chosen.question.field] for form in forms]
    return equality.measure_share(answers, chosen, minimum=partnership.monitoring_minimum_count)


def own_form(membership) -> MemberMonitoring | None:
    """The member's own form, if they returned one."""
    return MemberMonitoring.objects.filter(membership=membership).first()


def save_answers(membership, answers: dict) -> MemberMonitoring:
    """Save a member's answers (field -> answer; a missing or empty answer is not answered), with
    history. Answers the form already holds are not saved again. Refuses unknown fields and a form
    with nothing answered (ValueError), and answers the model refuses (ValidationError)."""
    unknown = set(answers) - set(FIELDS)
    if unknown:
        raise ValueError(f"Not a monitoring question: {', '.join(sorted(unknown))}.")
    values = {name: answers.get(name) or "" for name in FIELDS}
    if not any(values.values()):
        raise ValueError("Nothing answered: there is no form to save (remove_answers removes one).")
    MemberMonitoring(membership=membership, **values).full_clean(
        exclude=["membership"], validate_unique=False, validate_constraints=False
    )
    with transaction.atomic():
        current = MemberMonitoring.objects.select_for_update().filter(membership=membership).first()
        if current is not None and all(getattr(current, name) == value for name, value in values.items()):
            return current
        # update_or_create: two tabs saving a first form at once update one row, never a crash.
        form, _created = MemberMonitoring.objects.update_or_create(membership=membership, defaults=values)
    return form


def remove_answers(membership) -> bool:
    """Delete the member's form and every earlier version of it: asked to forget, we forget
    (special-category data). Totals a board was already shown are kept where they were reported
    (calculated indicators freeze their figures, which hold only totals); a total for an earlier
    day worked out afresh no longer counts this member. False when there was nothing to remove."""
    with transaction.atomic():
        form = own_form(membership)
        if form is not None:
            form.delete()
        erased, _ = MemberMonitoring.history.filter(membership_id=membership.pk).delete()
    return form is not None or bool(erased)
