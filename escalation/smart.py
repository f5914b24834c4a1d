"""SMART actions (docs/ladder.md): Specific, Measurable, Achievable, Resourced/Realistic,
Time-limited, with a named lead. Pure: takes plain values, returns {field: message}.

- Specific: what will be done, in a sentence of at least five words.
- Measurable: how success is measured, with a figure or a date to check it against.
- Achievable and resourced: the resources and who provides them.
- Time-limited: a due date, not in the past, and within two years (the life of a plan).
- A named lead.
"""

import datetime as dt
import re

from escalation.ladder import add_months

MIN_WORDS = 5
MAX_MONTHS_AHEAD = 24


def smart_problems(
    *,
    description: str,
    measure: str,
    resources: str,
    lead_named: bool,
    due_date: dt.date | None,
    today: dt.date,
    due_date_changed: bool = True,
) -> dict[str, str]:
    problems = {}
    if len((description or "").split()) < MIN_WORDS:
        problems["description"] = (
            f"Say specifically what will be done, in at least {MIN_WORDS} words, for example "
            "'Run weekly drop-in sessions at the three secondary schools'."
        )
    if not re.search(r"\d", measure or ""):
        problems["measure"] = (
            "Say how success will be measured, with a figure or date, for example "
            "'Conception rate at or below 48 per 1,000 by March'."
        )
    if not (resources or "").strip():
        problems["resources"] = "Say what resources the action needs and who provides them."
    if not lead_named:
        problems["lead"] = "Choose the named lead for this action."
    if due_date is None:
        problems["due_date"] = "Enter the date the action is due, for example 31/3/2027."
    elif due_date_changed and due_date < today:
        problems["due_date"] = "The due date must be today or in the future."
    elif due_date > add_months(today, MAX_MONTHS_AHEAD):
        problems["due_date"] = (
            f"The due date must be within {MAX_MONTHS_AHEAD // 12} years: break longer work into steps."
        )
    return problems
