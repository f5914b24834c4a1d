"""The "Boards and meetings" set-up workbook: the partnership's boards (name, short name, kind,
the board each reports to, remit), its themes and the board that manages each, and each board's
meetings. Names are the keys, and resolve only within the partnership (and the sheet itself)."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook

from partnership.models import Board, BoardKind, Meeting, Theme

from .cells import parse_date, parse_int, parse_time
from .setup import (
    BLANK_MEANS_NO_CHANGE,
    Column,
    Outcome,
    Problems,
    SetupRejected,
    choice_value,
    layout,
    name_key,
    one_of,
    sorted_errors,
)
from .write import add_choice_list, workbook_bytes, write_instructions, write_table

NOUN = "boards and meetings template"
BOARD_COLUMNS = [
    Column("name", "Board", 40),
    Column("short_name", "Short name", 14),
    Column("kind", "Kind", 20),
    Column("parent", "Reports to", 40),
    Column("remit", "Remit", 50),
]
THEME_COLUMNS = [
    Column("name", "Theme", 36),
    Column("board", "Managed by board", 40),
    Column("slug", "Web address name", 22),
    Column("position", "Position", 10),
    Column("description", "Description", 50),
]
MEETING_COLUMNS = [
    Column("board", "Board", 40),
    Column("date", "Date", 14),
    Column("time", "Time", 10),
    Column("title", "Title", 36),
    Column("location", "Location", 30),
]
BOARDS, THEMES, MEETINGS = "Boards", "Themes", "Meetings"
LAYOUTS = (
    layout(BOARDS, BOARD_COLUMNS, noun=NOUN),
    layout(THEMES, THEME_COLUMNS, noun=NOUN),
    layout(MEETINGS, MEETING_COLUMNS, noun=NOUN),
)
BOARD_NAMES = f"{BOARDS}!$A$2:$A$500"


@dataclass
class State:
    """What exists, keyed by name (boards, themes) or by board and start (meetings)."""

    boards: dict  # name key -> Board
    themes: dict  # name key -> Theme
    meetings: dict  # (board id, aware start) -> Meeting


def load_state(partnership) -> State:
    boards = list(Board.objects.for_partnership(partnership))
    themes = list(Theme.objects.for_partnership(partnership))
    meetings = Meeting.objects.for_partnership(partnership)
    return State(
        boards={name_key(b.name): b for b in boards},
        themes={name_key(t.name): t for t in themes},
        # to the minute, as the sheet shows a meeting's time
        meetings={(m.board_id, m.starts_at.replace(second=0, microsecond=0)): m for m in meetings},
    )


# --- the download --------------------------------------------------------------------------------


def build_workbook(partnership) -> bytes:
    state = load_state(partnership)
    by_id = {board.pk: board for board in state.boards.values()}
    workbook = Workbook()
    boards = workbook.active
    boards.title = BOARDS
    write_table(
        boards,
        BOARD_COLUMNS,
        [
            {
                "name": b.name,
                "short_name": b.short_name,
                "kind": b.get_kind_display(),
                "parent": by_id[b.parent_id].name if b.parent_id else "",
                "remit": b.remit,
            }
            for b in sorted(state.boards.values(), key=lambda b: b.name)
        ],
    )
    add_choice_list(boards, BOARD_COLUMNS, "kind", [label for _, label in BoardKind.choices])
    add_choice_list(boards, BOARD_COLUMNS, "parent", source=BOARD_NAMES)
    themes = workbook.create_sheet(THEMES)
    write_table(
        themes,
        THEME_COLUMNS,
        [
            {
                "name": t.name,
                "board": by_id[t.board_id].name,
                "slug": t.slug,
                "position": t.position,
                "description": t.description,
            }
            for t in sorted(state.themes.values(), key=lambda t: (t.position, t.name))
        ],
    )
    add_choice_list(themes, THEME_COLUMNS, "board", source=BOARD_NAMES)
    meetings = workbook.create_sheet(MEETINGS)
    rows = []
    for (board_id, starts_at), m in sorted(state.meetings.items(), key=lambda i: (by_id[i[0][0]].name, i[0][1])):
        local = timezone.localtime(starts_at)
        rows.append(
            {
                "board": by_id[board_id].name,
                "date": local.date(),
                "time": f"{local:%H:%M}",
                "title": m.title,
                "location": m.location,
            }
        )
    write_table(meetings, MEETING_COLUMNS, rows)
    for row in range(2, 501):
        meetings.cell(row=row, column=2).number_format = "DD/MM/YYYY"
        meetings.cell(row=row, column=3).number_format = "@"
    add_choice_list(meetings, MEETING_COLUMNS, "board", source=BOARD_NAMES)
    write_instructions(workbook.create_sheet("Instructions"), _instructions(partnership))
    return workbook_bytes(workbook)


def _instructions(partnership):
    return [
        (f"{partnership.name}: boards and meetings", True),
        ("Use this template first: people's roles and indicators' themes refer to these boards and themes.", False),
        ("", False),
        ("Boards sheet", True),
        ("One row per board or group, named as people know it. The name is the key: renaming adds a board.", False),
        (f"Kind is one of: {one_of(BoardKind.choices)}.", False),
        ("Reports to names another board on this sheet (empty for the top board).", False),
        ("Themes sheet", True),
        ("One row per theme, with the board that manages it. An empty web address name is made from the name.", False),
        ("Meetings sheet", True),
        ("One row per meeting: the board as on the Boards sheet, the date (14/07/2027) and time (18:30).", False),
        ("A meeting is found by its board, date and time: changing them adds a meeting. None is removed here.", False),
        ("", False),
        ("Blank cells", True),
        (BLANK_MEANS_NO_CHANGE, False),
        ("Uploading", True),
        (
            "Every row is checked first. If any row has a problem, nothing is changed and the page lists each problem "
            "with its sheet, row and column: fix them and upload again. Formulas are refused: type values.",
            False,
        ),
    ]


# --- checking ------------------------------------------------------------------------------------

KEEP = object()  # a blank cell on an existing row: leave the saved value as it is


@dataclass
class Plan:
    boards: list = field(default_factory=list)  # [(existing Board | None, name, fields, parent key | KEEP | None)]
    themes: list = field(default_factory=list)  # [(existing Theme | None, name, fields, board key | KEEP)]
    meetings: list = field(default_factory=list)  # [(existing Meeting | None, board key, starts_at, fields)]


def _changes(existing, values: dict) -> dict:
    """The non-blank values that differ from what is saved (all of them for something new)."""
    return {k: v for k, v in values.items() if v not in ("", None) and (existing is None or getattr(existing, k) != v)}


def check(sheets: dict, state: State) -> Plan:
    """Every row of the three sheets into a plan, or SetupRejected with every problem. Pure."""
    plan, errors = Plan(), []
    board_keys = _check_boards(sheets[BOARDS], state, plan, errors)
    _check_themes(sheets[THEMES], state, board_keys, plan, errors)
    _check_meetings(sheets[MEETINGS], state, board_keys, plan, errors)
    if errors:
        raise SetupRejected(sorted_errors(errors, [BOARDS, THEMES, MEETINGS]))
    return plan


def _unknown_board(name: str) -> str:
    return f"There is no board called “{name}” in this partnership or on the Boards sheet."


def _check_boards(rows, state: State, plan: Plan, errors) -> set:
    problems = Problems(LAYOUTS[0])
    seen, parents, entries = {}, {}, []
    for row in rows:
        problems.formulas(row)
        name = problems.text(row, "name", required="Enter the board's name.", max_length=200)
        key = name_key(name)
        if key and key in seen:
            problems.add(row, "name", f"“{name}” is already on row {seen[key]}: keep one row for each board.")
            continue
        seen[key] = row.number
        existing = state.boards.get(key)
        kind_text = problems.text(row, "kind")
        kind = choice_value(kind_text, BoardKind.choices) if kind_text else None
        if kind_text and kind is None:
            kinds = one_of(BoardKind.choices)
            problems.add(row, "kind", f"“{kind_text}” is not a kind of board: choose one of {kinds}.")
        elif not kind_text and existing is None and name:
            problems.add(row, "kind", "Choose the kind of board for a new board.")
        fields = {
            "short_name": problems.text(row, "short_name", max_length=40),
            "remit": problems.text(row, "remit"),
            "kind": kind,
        }
        parent = problems.text(row, "parent")
        entries.append((row, existing, name, key, fields, name_key(parent) if parent else None, parent))
    known = {key for key in seen if key} | set(state.boards)
    for row, existing, name, key, fields, parent_key, parent in entries:
        if parent_key is not None and parent_key not in known:
            problems.add(row, "parent", _unknown_board(parent))
            parent_key = KEEP
        elif parent_key == key and key:
            problems.add(row, "parent", "A board cannot report to itself.")
            parent_key = KEEP
        if parent_key is None:
            parent_key = KEEP if existing else None
        parents[key] = parent_key
        if name:
            plan.boards.append((existing, name, _changes(existing, fields), parent_key))
    _check_cycles(state, parents, entries, problems)
    errors.extend(problems.errors)
    return known


def _check_cycles(state: State, parents: dict, entries, problems: Problems) -> None:
    """The boards' final tree, what is saved with the sheet's changes over it, has no loop."""
    by_id = {board.pk: key for key, board in state.boards.items()}
    final = {key: by_id.get(board.parent_id) for key, board in state.boards.items()}
    final.update({key: parent for key, parent in parents.items() if parent is not KEEP})
    for row, _, name, key, *_ in entries:
        step, visited = final.get(key), set()
        while step is not None and step not in visited:
            if step == key:
                problems.add(row, "parent", f"{name} would report to one of its own sub-boards.")
                break
            visited.add(step)
            step = final.get(step)


def _check_themes(rows, state: State, board_keys: set, plan: Plan, errors) -> None:
    problems = Problems(LAYOUTS[1])
    seen, slugs = {}, {theme.slug: key for key, theme in state.themes.items()}
    for row in rows:
        problems.formulas(row)
        name = problems.text(row, "name", required="Enter the theme's name.", max_length=200)
        key = name_key(name)
        if key and key in seen:
            problems.add(row, "name", f"“{name}” is already on row {seen[key]}: keep one row for each theme.")
            continue
        seen[key] = row.number
        existing = state.themes.get(key)
        board = problems.text(row, "board")
        board_key = name_key(board) if board else KEEP
        if board and name_key(board) not in board_keys:
            problems.add(row, "board", _unknown_board(board))
        elif not board and existing is None and name:
            problems.add(row, "board", "Name the board that manages this theme.")
        slug = problems.text(row, "slug", max_length=60) or ("" if existing else slugify(name)[:60])
        if slug and slug != slugify(slug):
            problems.add(row, "slug", "Use only lower-case letters, numbers and hyphens, like well-being.")
        elif slug and slugs.get(slug, key) != key:
            problems.add(row, "slug", f"Another theme already has the web address name “{slug}”.")
        slugs[slug] = key
        position = problems.parsed(row, "position", parse_int, "Enter the position as a whole number, like 3.")
        if position is not None and not 0 <= position <= 32767:
            problems.add(row, "position", "Enter a position from 0 to 32767.")
        fields = {"slug": slug, "description": problems.text(row, "description"), "position": position}
        if name:
            plan.themes.append((existing, name, _changes(existing, fields), board_key))
    errors.extend(problems.errors)


def _check_meetings(rows, state: State, board_keys: set, plan: Plan, errors) -> None:
    problems = Problems(LAYOUTS[2])
    seen = {}
    for row in rows:
        problems.formulas(row)
        board = problems.text(row, "board", required="Name the board that meets.")
        if board and name_key(board) not in board_keys:
            problems.add(row, "board", _unknown_board(board))
            board = ""
        day = problems.parsed(row, "date", parse_date)
        time = problems.parsed(row, "time", parse_time)
        if day is None and "date" not in row.formulas and not problems.text(row, "date"):
            problems.add(row, "date", "Enter the meeting's date, like 14/07/2027.")
        if time is None and "time" not in row.formulas and not problems.text(row, "time"):
            problems.add(row, "time", "Enter the time the meeting starts, like 18:30.")
        if not (board and day and time):
            continue
        starts_at = timezone.make_aware(dt.datetime.combine(day, time))
        key = (name_key(board), starts_at)
        if key in seen:
            problems.add(row, "", f"This meeting is already on row {seen[key]}: keep one row for it.")
            continue
        seen[key] = row.number
        existing_board = state.boards.get(name_key(board))
        existing = state.meetings.get((existing_board.pk, starts_at)) if existing_board else None
        fields = {
            "title": problems.text(row, "title", max_length=200),
            "location": problems.text(row, "location", max_length=200),
        }
        plan.meetings.append((existing, name_key(board), starts_at, _changes(existing, fields)))
    errors.extend(problems.errors)


# --- applying ------------------------------------------------------------------------------------


def apply(partnership, plan: Plan, state: State) -> Outcome:
    """Make the plan's changes in one transaction; say what was created, changed and unchanged."""
    outcome = Outcome()
    with transaction.atomic():
        boards = dict(state.boards)
        for existing, name, fields, _ in plan.boards:
            board = existing or Board(partnership=partnership, name=name)
            for key, value in fields.items():
                setattr(board, key, value)
            if existing is None or fields:
                board.save()
            boards[name_key(name)] = board
            outcome.count(BOARDS, "created" if existing is None else "changed" if fields else "unchanged")
        for existing, name, fields, parent_key in plan.boards:  # parents once every board exists
            board = boards[name_key(name)]
            parent_id = boards[parent_key].pk if parent_key not in (None, KEEP) else None
            if parent_key is not KEEP and board.parent_id != parent_id:
                board.parent_id = parent_id
                board.save(update_fields=["parent"])
                if existing is not None and not fields:
                    outcome.count(BOARDS, "unchanged", -1)
                    outcome.count(BOARDS, "changed")
        for existing, name, fields, board_key in plan.themes:
            theme = existing or Theme(partnership=partnership, name=name)
            for key, value in fields.items():
                setattr(theme, key, value)
            moved = board_key is not KEEP and theme.board_id != boards[board_key].pk
            if moved:
                theme.board = boards[board_key]
            if existing is None or fields or moved:
                theme.save()
            outcome.count(THEMES, "created" if existing is None else "changed" if fields or moved else "unchanged")
        for existing, board_key, starts_at, fields in plan.meetings:
            if existing is None:
                Meeting.objects.create(board=boards[board_key], starts_at=starts_at, **fields)
            elif fields:
                Meeting.objects.filter(pk=existing.pk).update(version=existing.version + 1, **fields)
            outcome.count(MEETINGS, "created" if existing is None else "changed" if fields else "unchanged")
    return outcome


def import_boards(partnership, sheets: dict, **_) -> Outcome:
    state = load_state(partnership)
    return apply(partnership, check(sheets, state), state)
