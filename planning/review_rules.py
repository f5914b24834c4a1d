"""The annual performance review's rules, pure (seed 003: "the year ends in an annual performance
review"; the issue: "every target is placed likely / difficult / unlikely; amber and red targets get
SMART action points agreed by the board and tracked through the year").

- Each target with an agreed annual target for the year is placed by the executive board: likely,
  difficult or unlikely to be achieved. The year's forecast is offered first.
- A target whose year ended amber or red, or placed difficult or unlikely, needs at least one SMART
  action point before the partnership board can agree the review.
- Once agreed, the review's judgements are fixed; its action points are tracked through the year."""

from indicators.status import Forecast, Status

NEEDS_ACTION = frozenset({Status.AMBER, Status.RED})
JUDGEMENTS = [(value, label) for value, label in Forecast.choices if value != Forecast.UNKNOWN]
WORRYING = frozenset({Forecast.DIFFICULT, Forecast.UNLIKELY})


def needs_action_points(status: str, judgement: str) -> bool:
    return status in NEEDS_ACTION or judgement in WORRYING


def agree_problems(targets) -> list[str]:
    """What stops the partnership board agreeing the review. `targets`: objects with `code`,
    `judgement`, `status` and `point_count`."""
    problems = []
    for target in targets:
        if not target.judgement:
            problems.append(f"{target.code}: place the target as likely, difficult or unlikely.")
        elif needs_action_points(target.status, target.judgement) and not target.point_count:
            problems.append(f"{target.code}: agree at least one SMART action point (the target is at risk).")
    return problems
