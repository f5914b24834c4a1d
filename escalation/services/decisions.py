"""What people decide about escalations, each step logged with who and when: the executive board
opens one by hand on evidence, nominates a member, refers it up the route, records a report
received, and closes it with its decision; the overdue check the periodic job runs; and setting
the partnership's escalation route.

`today` is the day the step is taken (default: today); a job catching up on earlier days passes
it so dates and the log agree.

Each function checks the rule it owns and raises EscalationError with a message to show the user;
permission checks (who may do it) are the views' job (escalation.permissions).
"""

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from escalation.ladder import OwnerKind
from escalation.models import Escalation, EscalationStatus, EventKind, Origin, RouteStep
from escalation.services.escalations import executive_board, last_reviewed, log, place_on_stage, settings_for


class EscalationError(ValueError):
    """A decision that the rules do not allow; the message says why, in words for the user."""


def open_by_hand(
    partnership, indicator, *, stage: int, evidence: str, user, today: dt.date | None = None
) -> Escalation:
    """The executive board opens an escalation at any stage where there is evidence (seed 003)."""
    today = today or timezone.localdate()
    settings = settings_for(partnership)
    if indicator.partnership_id != partnership.pk:
        raise EscalationError("Choose an indicator from this partnership.")
    if not 1 <= stage <= settings.stage_count:
        raise EscalationError(f"Choose a stage from 1 to {settings.stage_count}.")
    if not evidence.strip():
        raise EscalationError("Record the evidence of under-performance.")
    with transaction.atomic():
        if Escalation.objects.filter(indicator=indicator, status=EscalationStatus.OPEN).exists():
            raise EscalationError(f"{indicator.code} already has an open escalation: raise or close that one instead.")
        escalation = Escalation(
            partnership=partnership,
            indicator=indicator,
            origin=Origin.EXECUTIVE_BOARD,
            opened_on=today,
            evidence=evidence,
            last_reviewed_on=last_reviewed([indicator.pk]).get(indicator.pk),
        )
        place_on_stage(
            escalation, stage, executive=executive_board(partnership), months=settings.report_back_months, today=today
        )
        escalation.save()
        log(escalation, EventKind.OPENED, user=user, to_stage=stage, note=evidence, today=today)
    return escalation


def nominate(escalation: Escalation, nominee, *, user, note: str = "", today: dt.date | None = None) -> None:
    """At stage 3 the executive board nominates one of its members to agree a revised plan."""
    if not escalation.is_open:
        raise EscalationError("This escalation is closed.")
    if escalation.owner_kind != OwnerKind.EXECUTIVE_NOMINEE:
        raise EscalationError("A member is nominated only once the escalation reaches stage 3.")
    with transaction.atomic():
        escalation.nominee = escalation.owner_member = nominee
        escalation.save()
        text = f"{nominee.display_name} nominated to agree a revised plan."
        log(
            escalation,
            EventKind.NOMINATED,
            user=user,
            from_stage=escalation.stage,
            to_stage=escalation.stage,
            note=f"{text} {note}".strip(),
            today=today,
        )


def next_route_step(escalation: Escalation) -> RouteStep | None:
    steps = RouteStep.objects.filter(partnership_id=escalation.partnership_id)
    if escalation.route_step_id:
        steps = steps.filter(position__gt=escalation.route_step.position)
    return steps.order_by("position").first()


def refer_up(escalation: Escalation, *, user, note: str = "", today: dt.date | None = None) -> RouteStep:
    """Refer the escalation to the next body on the partnership's escalation route."""
    if not escalation.is_open:
        raise EscalationError("This escalation is closed.")
    step = next_route_step(escalation)
    if step is None:
        if escalation.route_step_id:
            raise EscalationError(f"It has already reached {escalation.route_step}, the last body on the route.")
        raise EscalationError("This partnership has no escalation route yet: an administrator sets it up.")
    with transaction.atomic():
        escalation.route_step = step
        escalation.save()
        log(
            escalation,
            EventKind.REFERRED,
            user=user,
            from_stage=escalation.stage,
            to_stage=escalation.stage,
            note=f"Referred to {step}. {note}".strip(),
            today=today,
        )
    return step


def record_report(
    escalation: Escalation,
    *,
    user,
    received_on: dt.date,
    note: str,
    next_due: dt.date | None = None,
    today: dt.date | None = None,
) -> None:
    """The progress report has arrived; the next one is due on `next_due` (or none is asked for)."""
    if not escalation.is_open:
        raise EscalationError("This escalation is closed.")
    with transaction.atomic():
        escalation.report_received_on = received_on
        escalation.report_due = next_due
        escalation.save()
        log(
            escalation,
            EventKind.REPORT_RECEIVED,
            user=user,
            from_stage=escalation.stage,
            to_stage=escalation.stage,
            note=note,
            today=today,
        )


def close(escalation: Escalation, *, user, decision: str, today: dt.date | None = None) -> None:
    """De-escalation by decision: the executive board closes it and records why."""
    if not escalation.is_open:
        raise EscalationError("This escalation is already closed.")
    if not decision.strip():
        raise EscalationError("Record the decision to close it.")
    with transaction.atomic():
        from_stage = escalation.stage
        escalation.status = EscalationStatus.CLOSED
        escalation.closed_on = today or timezone.localdate()
        escalation.decision = decision
        escalation.save()
        log(escalation, EventKind.CLOSED, user=user, from_stage=from_stage, note=decision, today=today)


def flag_overdue_reports(partnership, today: dt.date) -> list[Escalation]:
    """Log one 'overdue' event for each open escalation whose report-back date has passed. The
    due date is claimed with a conditional UPDATE, so a second run (or a concurrent one) logs
    nothing more; a new due date can be flagged again when it passes."""
    flagged = []
    candidates = (
        Escalation.objects.for_partnership(partnership)
        .filter(status=EscalationStatus.OPEN, report_due__lt=today)
        .exclude(overdue_flagged_for=F("report_due"))
    )
    for escalation in candidates:
        with transaction.atomic():
            claimed = (
                Escalation.objects.filter(pk=escalation.pk, report_due=escalation.report_due)
                .exclude(overdue_flagged_for=escalation.report_due)
                .update(overdue_flagged_for=escalation.report_due)
            )
            if claimed:
                log(
                    escalation,
                    EventKind.OVERDUE,
                    from_stage=escalation.stage,
                    to_stage=escalation.stage,
                    note=f"The report due on {escalation.report_due:%d %B %Y} has not been received.",
                    today=today,
                )
                flagged.append(escalation)
    return flagged


@transaction.atomic
def set_route(partnership, names):
    """Make the route exactly `names`, in order, keeping existing bodies (and their referrals)."""
    existing = {step.name.lower(): step for step in RouteStep.objects.filter(partnership=partnership)}
    keep = {name.lower() for name in names}
    RouteStep.objects.filter(
        partnership=partnership, pk__in=[s.pk for n, s in existing.items() if n not in keep]
    ).delete()
    for position, name in enumerate(names, start=1):
        step = existing.get(name.lower())
        if step is None:
            RouteStep.objects.create(partnership=partnership, position=position, name=name)
        elif (step.position, step.name) != (position, name):
            step.position, step.name = position, name
            step.save()
