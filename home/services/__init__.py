"""What needs each person now, in each partnership they belong to (the home page's task list)."""

import datetime as dt
from dataclasses import dataclass

from partnership.roles import Access

from ..steps import Step, ordered


@dataclass(frozen=True)
class Seat:
    """One person's place in one partnership: their membership, what they may do, and the day."""

    membership: object
    access: Access
    today: dt.date

    @property
    def partnership(self):
        return self.membership.partnership


def next_steps(seat: Seat) -> list[Step]:
    from . import boards, plans, reports, returns, setup, surveys

    steps = [
        *returns.steps(seat),
        *reports.steps(seat),
        *boards.steps(seat),
        *setup.steps(seat),
        *surveys.steps(seat),
        *plans.steps(seat),
    ]
    return ordered(steps)
