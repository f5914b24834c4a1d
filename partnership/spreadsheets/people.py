"""The "People and their roles" set-up workbook: partner organisations, people (their email is
the key) with their organisation and job title, and each role with the theme or board it is held
over (partnership.roles.scope_of). Changes go through the same rules as the people pages:
RoleAssignment.clean for who may hold what where, and partnership.services.people for deactivating
and removing roles (never the last administrator, never yourself), so membership history is kept.
A new person gets an account with no usable password: they choose one by resetting it."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from openpyxl import Workbook

from partnership.models import Board, Membership, Organisation, OrganisationKind, RoleAssignment, Theme
from partnership.roles import Role

from .cells import parse_yes_no_blank
from .setup import (
    BLANK_MEANS_NO_CHANGE,
    Column,
    Problems,
    SetupRejected,
    choice_value,
    layout,
    name_key,
    one_of,
    sorted_errors,
)
from .write import add_choice_list, workbook_bytes, write_instructions, write_table

NOUN = "people and roles template"
ORGANISATIONS, PEOPLE, ROLES = "Organisations", "People", "Roles"
ORGANISATION_COLUMNS = [Column("name", "Organisation", 40), Column("kind", "Kind", 30)]
PEOPLE_COLUMNS = [
    Column("email", "Email", 36),
    Column("first_name", "First name", 18),
    Column("last_name", "Last name", 18),
    Column("organisation", "Organisation", 36),
    Column("job_title", "Job title", 36),
    Column("active", "Active", 10),
]
ROLE_COLUMNS = [
    Column("email", "Email", 36),
    Column("role", "Role", 32),
    Column("theme", "Theme", 30),
    Column("board", "Board", 36),
    Column("remove", "Remove", 10),
]
LAYOUTS = (
    layout(ORGANISATIONS, ORGANISATION_COLUMNS, noun=NOUN),
    layout(PEOPLE, PEOPLE_COLUMNS, noun=NOUN),
    layout(ROLES, ROLE_COLUMNS, noun=NOUN),
)
CHANGE_REASON = "Set up from a spreadsheet"


@dataclass
class State:
    organisations: dict  # name key -> Organisation
    members: dict  # email (lower case) -> Membership (with its user)
    accounts: dict  # email -> an existing account that is not yet a member here
    themes: dict
    boards: dict
    roles: dict  # (membership id, role, theme id, board id) -> RoleAssignment


def load_state(partnership, emails=()) -> State:
    members = Membership.objects.for_partnership(partnership).select_related("user", "organisation")
    members = {m.user.email.lower(): m for m in members if m.user.email}
    wanted = {e for e in emails if e not in members}
    accounts = {}
    if wanted:
        found = get_user_model().objects.annotate(address=Lower("email")).filter(address__in=wanted).order_by("pk")
        for user in found:
            accounts.setdefault(user.address, user)
    roles = RoleAssignment.objects.for_partnership(partnership).select_related("theme", "board")
    return State(
        organisations={name_key(o.name): o for o in Organisation.objects.for_partnership(partnership)},
        members=members,
        accounts=accounts,
        themes={name_key(t.name): t for t in Theme.objects.for_partnership(partnership)},
        boards={name_key(b.name): b for b in Board.objects.for_partnership(partnership)},
        roles={(r.membership_id, r.role, r.theme_id, r.board_id): r for r in roles},
    )


def build_workbook(partnership) -> bytes:
    state = load_state(partnership)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = ORGANISATIONS
    organisations = sorted(state.organisations.values(), key=lambda o: o.name)
    write_table(sheet, ORGANISATION_COLUMNS, [{"name": o.name, "kind": o.get_kind_display()} for o in organisations])
    add_choice_list(sheet, ORGANISATION_COLUMNS, "kind", [label for _, label in OrganisationKind.choices])
    members = sorted(state.members.items())
    sheet = workbook.create_sheet(PEOPLE)
    rows = [
        {
            "email": email,
            "first_name": m.user.first_name,
            "last_name": m.user.last_name,
            "organisation": m.organisation.name if m.organisation else "",
            "job_title": m.job_title,
            "active": "Yes" if m.is_active else "No",
        }
        for email, m in members
    ]
    write_table(sheet, PEOPLE_COLUMNS, rows)
    add_choice_list(sheet, PEOPLE_COLUMNS, "organisation", source=f"{ORGANISATIONS}!$A$2:$A$500")
    add_choice_list(sheet, PEOPLE_COLUMNS, "active", ["Yes", "No"])
    email_of = {m.pk: email for email, m in members}
    roles = sorted(state.roles.values(), key=lambda r: (email_of[r.membership_id], r.role, r.pk))
    sheet = workbook.create_sheet(ROLES)
    rows = [
        {
            "email": email_of[r.membership_id],
            "role": r.get_role_display(),
            "theme": r.theme.name if r.theme_id else "",
            "board": r.board.name if r.board_id else "",
            "remove": "No",
        }
        for r in roles
    ]
    write_table(sheet, ROLE_COLUMNS, rows)
    add_choice_list(sheet, ROLE_COLUMNS, "email", source=f"{PEOPLE}!$A$2:$A$500")
    add_choice_list(sheet, ROLE_COLUMNS, "role", [label for _, label in Role.choices])
    add_choice_list(sheet, ROLE_COLUMNS, "theme", sorted(t.name for t in state.themes.values()))
    add_choice_list(sheet, ROLE_COLUMNS, "board", sorted(b.name for b in state.boards.values()))
    add_choice_list(sheet, ROLE_COLUMNS, "remove", ["Yes", "No"])
    write_instructions(workbook.create_sheet("Instructions"), _instructions(partnership))
    return workbook_bytes(workbook)


def _instructions(partnership):
    return [
        (f"{partnership.name}: people and their roles", True),
        ("Use this template after the boards and meetings template: roles are held over its themes and boards.", False),
        ("", False),
        ("Organisations sheet", True),
        (f"One row per partner organisation. Kind is one of: {one_of(OrganisationKind.choices)}.", False),
        ("People sheet", True),
        ("One row per person, once: the email is the key. Organisation names one from the first sheet.", False),
        ("Names are used for new people only; a person's account keeps its own name after that.", False),
        ("A new person gets an account without a password: they set one with “Forgotten your password?”.", False),
        ("Active: No deactivates a person (their roles and history are kept), Yes reactivates them.", False),
        ("Roles sheet", True),
        ("One row per role. Theme roles are held over a theme, board roles over a board, the administrator", False),
        ("over the whole partnership: fill in only what the role needs. Business group members sit on one.", False),
        ("Remove: Yes removes the role (kept in the history). There is always an active administrator.", False),
        ("", False),
        ("Blank cells", True),
        (BLANK_MEANS_NO_CHANGE, False),
        ("Uploading", True),
        ("Every row is checked first: if any has a problem, nothing changes and the page lists them all.", False),
    ]


# --- checking ------------------------------------------------------------------------------------


@dataclass
class Plan:
    organisations: list = field(default_factory=list)  # [(existing | None, name, kind | None)]
    people: list = field(default_factory=list)  # [PersonRow]
    roles: list = field(default_factory=list)  # [(row number, email, role, theme, board, existing, remove)]


@dataclass
class PersonRow:
    number: int
    email: str
    member: Membership | None
    account: object | None  # an existing account, not yet a member here
    names: tuple
    organisation: str | None  # a name key, or None for "leave it"
    job_title: str
    active: bool | None


def check(sheets: dict, state: State, *, by: Membership) -> Plan:
    """Every row of the three sheets into a plan, or SetupRejected with every problem. Pure (the
    state is loaded first)."""
    plan, errors = Plan(), []
    organisations = _check_organisations(sheets[ORGANISATIONS], state, plan, errors)
    emails = _check_people(sheets[PEOPLE], state, organisations, plan, errors, by=by)
    _check_roles(sheets[ROLES], state, emails, plan, errors)
    if errors:
        raise SetupRejected(sorted_errors(errors, [ORGANISATIONS, PEOPLE, ROLES]))
    return plan


def _check_organisations(rows, state: State, plan: Plan, errors) -> set:
    problems, seen = Problems(LAYOUTS[0]), {}
    for row in rows:
        problems.formulas(row)
        name = problems.text(row, "name", required="Enter the organisation's name.", max_length=200)
        key = name_key(name)
        if key in seen:
            problems.add(row, "name", f"“{name}” is already on row {seen[key]}: keep one row for each organisation.")
            continue
        seen[key] = row.number
        existing = state.organisations.get(key)
        kind_text = problems.text(row, "kind")
        kind = choice_value(kind_text, OrganisationKind.choices) if kind_text else None
        if kind_text and kind is None:
            kinds = one_of(OrganisationKind.choices)
            problems.add(row, "kind", f"“{kind_text}” is not a kind of organisation: choose one of {kinds}.")
        elif kind is None and existing is None and name:
            problems.add(row, "kind", "Choose the kind of organisation.")
        if name:
            changed = kind if kind and (not existing or existing.kind != kind) else None
            plan.organisations.append((existing, name, changed))
    errors.extend(problems.errors)
    return {key for key in seen if key} | set(state.organisations)


def _check_people(rows, state: State, organisations: set, plan: Plan, errors, *, by: Membership) -> set:
    problems, seen = Problems(LAYOUTS[1]), {}
    for row in rows:
        problems.formulas(row)
        email = problems.text(row, "email", required="Enter the person's email address.", max_length=254).lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.add(row, "email", f"“{email}” is not an email address, like name@example.org.")
                continue
        if email in seen:
            problems.add(row, "email", f"{email} is already on row {seen[email]}: keep one row for each person.")
            continue
        seen[email] = row.number
        member = state.members.get(email)
        account = None if member else state.accounts.get(email)
        names = (problems.text(row, "first_name", max_length=150), problems.text(row, "last_name", max_length=150))
        if member is None and account is None and email and not all(names):
            missing = "first_name" if not names[0] else "last_name"
            problems.add(row, missing, "Enter a new person's first and last name.")
        organisation = problems.text(row, "organisation")
        if organisation and name_key(organisation) not in organisations:
            problems.add(row, "organisation", f"There is no organisation called “{organisation}” in this partnership "
                         "or on the Organisations sheet.")  # fmt: skip
        active = problems.parsed(row, "active", parse_yes_no_blank)
        if active is False and member is not None and member.pk == by.pk:
            problems.add(row, "active", "You cannot deactivate your own membership: ask another administrator.")
        if email:
            plan.people.append(
                PersonRow(
                    row.number,
                    email,
                    member,
                    account,
                    names,
                    name_key(organisation) if organisation else None,
                    problems.text(row, "job_title", max_length=200),
                    active,
                )
            )
    errors.extend(problems.errors)
    return set(seen) | set(state.members)


def _check_roles(rows, state: State, emails: set, plan: Plan, errors) -> None:
    problems, seen = Problems(LAYOUTS[2]), {}
    for row in rows:
        problems.formulas(row)
        email = problems.text(row, "email", required="Enter the email of the person who holds the role.").lower()
        if email and email not in emails:
            problems.add(row, "email", f"There is no one with the email {email} on the People sheet or in this "
                         "partnership.")  # fmt: skip
        role_text = problems.text(row, "role", required="Choose the role.")
        role = choice_value(role_text, Role.choices) if role_text else None
        if role_text and role is None:
            problems.add(row, "role", f"“{role_text}” is not a role: choose one of {one_of(Role.choices)}.")
        theme, board = _scope(row, problems, state)
        remove = problems.parsed(row, "remove", parse_yes_no_blank)
        if not (email in emails and role) or theme is False or board is False:
            continue
        assignment = RoleAssignment(role=role, theme=theme, board=board)
        try:
            assignment.clean()  # the form's rule: what the role is held over, who sits where
        except ValidationError as invalid:
            for name, messages in invalid.message_dict.items():
                problems.add(row, name if name in ("theme", "board") else "role", " ".join(messages))
            continue
        key = (email, role, theme.pk if theme else None, board.pk if board else None)
        if key in seen:
            problems.add(row, "", f"This role is already on row {seen[key]}: keep one row for it.")
            continue
        seen[key] = row.number
        member = state.members.get(email)
        existing = state.roles.get((member.pk, *key[1:])) if member else None
        if remove and existing is None:
            problems.add(row, "remove", "This person does not hold this role, so there is nothing to remove.")
            continue
        plan.roles.append((row.number, email, role, theme, board, existing, bool(remove)))
    errors.extend(problems.errors)


def _scope(row, problems: Problems, state: State):
    """The row's theme and board (None when empty, False when not found in this partnership)."""
    found = []
    for key, known, noun in (("theme", state.themes, "theme"), ("board", state.boards, "board")):
        name = problems.text(row, key)
        thing = known.get(name_key(name)) if name else None
        if name and thing is None:
            problems.add(row, key, f"There is no {noun} called “{name}” in this partnership: add it with the boards "
                         "and meetings template first.")  # fmt: skip
            thing = False
        found.append(thing)
    return found
