"""Applying a checked "People and their roles" upload (partnership.spreadsheets.people) in one
transaction: organisations, accounts and memberships, new roles, then deactivations and removed
roles through partnership.services.people, whose refusals (the last administrator) become row
problems and undo everything."""

from django.contrib.auth import get_user_model
from django.db import transaction

from partnership.models import Membership, Organisation, RoleAssignment
from partnership.services.people import ChangeRefused, deactivate, reactivate, remove_role

from .cells import parse_text
from .people import CHANGE_REASON, PEOPLE, ROLES, Plan, State, check, load_state
from .setup import Outcome, RowError, SetupRejected, name_key


class _RollBack(Exception):
    pass


def import_people(partnership, sheets: dict, *, by: Membership) -> Outcome:
    emails = {parse_text(row.cells.get("email")).lower() for row in sheets[PEOPLE] + sheets[ROLES]}
    state = load_state(partnership, emails - {""})
    plan = check(sheets, state, by=by)
    errors = []
    try:
        with transaction.atomic():
            outcome = _apply(partnership, plan, state, by=by, errors=errors)
            if errors:
                raise _RollBack
    except _RollBack:
        raise SetupRejected(errors) from None
    return outcome


def _usernames(emails) -> dict:
    """A free username for each new account: its email, or the email with a number after it."""
    User = get_user_model()
    taken = set(User.objects.filter(username__in=emails).values_list("username", flat=True))
    names = {}
    for email in emails:
        name, n = email[:150], 2
        while name in taken:
            name, n = f"{email[:140]}-{n}", n + 1
        taken.add(name)
        names[email] = name
    return names


def _apply(partnership, plan: Plan, state: State, *, by, errors) -> Outcome:
    outcome = Outcome()
    organisations = dict(state.organisations)
    for existing, name, kind in plan.organisations:
        if existing is None:
            organisations[name_key(name)] = Organisation.objects.create(partnership=partnership, name=name, kind=kind)
        elif kind:
            existing.kind = kind
            existing.save(update_fields=["kind"])
        outcome.count("Organisations", "created" if existing is None else "changed" if kind else "unchanged")

    User = get_user_model()
    new_emails = [p.email for p in plan.people if p.member is None and p.account is None]
    usernames = _usernames(new_emails) if new_emails else {}
    members = dict(state.members)
    later = []  # (person, member): activity changes, once every role is in place
    for person in plan.people:
        organisation = organisations[person.organisation] if person.organisation else None
        member = person.member
        if member is None:
            user = person.account
            if user is None:
                user = User(username=usernames[person.email], email=person.email)
                user.first_name, user.last_name = person.names
                user.set_unusable_password()  # they choose one through "Forgotten your password?"
                user.save()
            member = Membership(partnership=partnership, user=user, organisation=organisation)
            member.job_title = person.job_title
            member._change_reason = CHANGE_REASON
            member.save()
            members[person.email] = member
            outcome.count("People", "created")
            if person.active is False:
                later.append((person, member))
            continue
        changed = {}
        if organisation is not None and member.organisation_id != organisation.pk:
            changed["organisation"] = organisation
        if person.job_title and member.job_title != person.job_title:
            changed["job_title"] = person.job_title
        for key, value in changed.items():
            setattr(member, key, value)
        if changed:
            member._change_reason = CHANGE_REASON
            member.save()
        active_change = person.active is not None and person.active != member.is_active
        if active_change:
            later.append((person, member))
        outcome.count("People", "changed" if changed or active_change else "unchanged")

    for _, email, role, theme, board, existing, remove in plan.roles:
        if existing is not None:
            if not remove:
                outcome.count("Roles", "unchanged")
            continue
        assignment = RoleAssignment(membership=members[email], role=role, theme=theme, board=board)
        assignment._change_reason = CHANGE_REASON
        assignment.save()
        outcome.count("Roles", "created")

    for person, member in later:
        _refusable(errors, PEOPLE, person.number, "Active", lambda m=member, p=person: _set_active(m, p.active, by))
    for number, *_, existing, remove in plan.roles:
        if existing is not None and remove:
            _refusable(errors, ROLES, number, "Remove", lambda a=existing: remove_role(a, by=by))
            outcome.count("Roles", "changed")
    return outcome


def _set_active(member, active: bool, by) -> None:
    (reactivate if active else deactivate)(member, by=by)


def _refusable(errors, sheet, number, column, change) -> None:
    try:
        change()
    except ChangeRefused as refused:
        errors.append(RowError(sheet, number, column, str(refused)))
