"""One thing a person should do next, and the order a home page lists them in. Pure."""

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """One task on a person's home page: what to do, where it is done, and by when.

    `when` orders the list: the deadline when there is one (`is_deadline`), else the day the
    task arose (a challenge raised, a report ready). `first` puts it before everything else:
    work sent back to the person, which blocks others until it is done."""

    title: str
    url: str
    when: dt.date | None = None
    is_deadline: bool = True
    hint: str = ""
    status: str = ""
    first: bool = False
    role: str = ""


def ordered(steps) -> list[Step]:
    """Sent-back work first, then by date (undated last), then by title so the order is stable."""
    return sorted(steps, key=lambda s: (not s.first, s.when or dt.date.max, s.title))


def when_words(step: Step, today: dt.date) -> str:
    """'Due 28 October 2026 (5 days left)', 'Was due 3 October 2026 (2 days ago)', 'Since …'."""
    if step.when is None:
        return ""
    day = f"{step.when.day} {step.when:%B %Y}"
    if not step.is_deadline:
        return f"Since {day}"
    days = (step.when - today).days
    if days == 0:
        return f"Due today, {day}"
    if days > 0:
        return f"Due {day} ({days} day{'s' if days != 1 else ''} left)"
    return f"Was due {day} ({-days} day{'s' if days != -1 else ''} ago)"


def status_of(step: Step, today: dt.date) -> tuple[str, str]:
    """The task list's status tag: (words, GOV.UK tag colour modifier)."""
    if step.status:
        return step.status, "govuk-tag--grey" if step.status.startswith("Waiting") else "govuk-tag--blue"
    if step.first:
        return "Sent back to you", "govuk-tag--red"
    if step.when and step.is_deadline and step.when < today:
        return "Overdue", "govuk-tag--red"
    if step.when and step.is_deadline and (step.when - today).days <= 7:
        return "Due soon", "govuk-tag--yellow"
    return "To do", "govuk-tag--blue"
