"""Taking an action plan through its year: writing it, submitting it (a version is kept), the
executive board's challenges and the theme's answers, recommendation and approval.

Every step locks the plan row and checks the version the person's page was opened from, so two
people acting at once cannot both succeed on the same state (`StaleEdit`); a step the plan's state
does not allow raises `PlanRefused` with the words to show. Each step tells the people who act next
(partnership.services.notices.tell)."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from partnership.concurrency import StaleEdit
from partnership.models import BoardKind, Membership, NoticeKind
from partnership.roles import THEME_ROLES
from partnership.services.notices import tell
from planning.models import ActionPlan, PlanChallenge, PlanItem, PlanState, PlanVersion
from planning.permissions import SEAT_ROLES
from planning.rules import step_refusal, submission_problems

PLAN_FIELDS = ("priorities", "funding")
ITEM_FIELDS = ("indicator", "activity", "outcome", "funding", "lead_partner", "lead_officer", "due_date")


@dataclass
class PlanRefused(Exception):
    message: str
    problems: tuple = ()

    def __str__(self):
        return self.message


def _locked(plan: ActionPlan, expected_version) -> ActionPlan:
    current = ActionPlan.objects.select_for_update().select_related("theme__partnership").get(pk=plan.pk)
    if expected_version is not None and current.version != int(expected_version):
        raise StaleEdit(current)
    return current


def _refuse_unless(step, plan, **kwargs):
    refusal = step_refusal(step, plan.state, **kwargs)
    if refusal:
        raise PlanRefused(refusal)


def _save(plan: ActionPlan, user, reason: str, fields):
    plan.version += 1
    plan._change_reason = reason
    plan._history_user = user
    plan.save(update_fields=[*fields, "version"])


def start_plan(theme, financial_year: int, *, user) -> ActionPlan:
    plan = ActionPlan(theme=theme, financial_year=financial_year)
    plan._change_reason, plan._history_user = "Started", user
    plan.save()
    return plan


def save_plan(plan: ActionPlan, *, expected_version, user, **fields) -> ActionPlan:
    with transaction.atomic():
        plan = _locked(plan, expected_version)
        _refuse_unless("edit", plan)
        for name in PLAN_FIELDS:
            setattr(plan, name, fields[name])
        _save(plan, user, "Edited", PLAN_FIELDS)
    return plan


def save_item(plan: ActionPlan, item: PlanItem | None, *, expected_version, user, **fields) -> PlanItem:
    """Add an item (item None) or change one; the plan's version moves too, so a submit based on
    the plan as it was before cannot pass."""
    with transaction.atomic():
        plan = _locked(plan, None)
        _refuse_unless("edit", plan)
        if item is None:
            position = (plan.items.aggregate(last=Max("position"))["last"] or 0) + 1
            item = PlanItem(plan=plan, position=position)
            reason = "Added"
        else:
            item = PlanItem.objects.select_for_update().get(pk=item.pk)
            if expected_version is not None and item.version != int(expected_version):
                raise StaleEdit(item)
            item.version += 1
            reason = "Edited"
        for name in ITEM_FIELDS:
            setattr(item, name, fields[name])
        item._change_reason, item._history_user = reason, user
        item.save()
        _save(plan, user, f"Item {reason.lower()}", ())
    return item


def snapshot(plan: ActionPlan) -> dict:
    """The plan as submitted, in words (what a version page shows, whatever changes later)."""
    items = plan.items.select_related("indicator", "lead_partner", "lead_officer__user")
    return {
        "priorities": plan.priorities,
        "funding": plan.funding,
        "items": [
            {
                "target": f"{item.indicator.code} {item.indicator.title}" if item.indicator_id else "",
                "activity": item.activity,
                "outcome": item.outcome,
                "funding": item.funding,
                "lead_partner": str(item.lead_partner or ""),
                "lead_officer": item.lead_officer.user.get_full_name() if item.lead_officer_id else "",
                "due_date": item.due_date.isoformat() if item.due_date else "",
            }
            for item in items
        ],
    }


def submit(plan: ActionPlan, *, expected_version, user, today) -> PlanVersion:
    with transaction.atomic():
        plan = _locked(plan, expected_version)
        _refuse_unless("submit", plan)
        problems = submission_problems(list(plan.items.select_related("indicator")), today)
        if problems:
            raise PlanRefused("The plan is not ready to submit:", tuple(problems))
        now = timezone.now()
        number = plan.versions.count() + 1
        version = PlanVersion.objects.create(
            plan=plan, number=number, content=snapshot(plan), submitted_by=user, submitted_at=now
        )
        plan.state, plan.submitted_by, plan.submitted_at = PlanState.SUBMITTED, user, now
        _save(plan, user, f"Submitted (version {number})", ("state", "submitted_by", "submitted_at"))
        _tell_board(plan, BoardKind.EXECUTIVE_BOARD, f"{plan} submitted for challenge", "to challenge and recommend")
    return version


def withdraw(plan: ActionPlan, *, expected_version, user) -> ActionPlan:
    with transaction.atomic():
        plan = _locked(plan, expected_version)
        _refuse_unless("withdraw", plan)
        plan.state = PlanState.DRAFT
        _save(plan, user, "Withdrawn for changes", ("state",))
    return plan


def raise_challenge(plan: ActionPlan, *, item: PlanItem | None, question: str, user) -> PlanChallenge:
    with transaction.atomic():
        plan = _locked(plan, None)
        _refuse_unless("challenge", plan)
        challenge = PlanChallenge(
            plan=plan,
            item=item,
            about=str(item) if item else "The plan as a whole",
            question=question,
            raised_by=user,
            plan_version=plan.versions.count(),
        )
        challenge._history_user = user
        challenge.save()
        _save(plan, user, f"Challenged: {challenge.about}"[:100], ())
        _tell_theme(
            plan, f"{plan}: the executive board asks a question", f"{question}\n\nAnswer it on the plan's page."
        )
    return challenge


def answer_challenge(challenge: PlanChallenge, *, answer: str, expected_version, user) -> PlanChallenge:
    with transaction.atomic():
        plan = _locked(challenge.plan, None)
        _refuse_unless("answer", plan)
        challenge = PlanChallenge.objects.select_for_update().get(pk=challenge.pk)
        if expected_version is not None and challenge.version != int(expected_version):
            raise StaleEdit(challenge)
        challenge.answer, challenge.answered_by, challenge.answered_at = answer, user, timezone.now()
        challenge.version += 1
        challenge._history_user = user
        challenge._change_reason = "Answered"
        challenge.save()
        _save(plan, user, f"Answered: {challenge.about}"[:100], ())
    return challenge


def recommend(plan: ActionPlan, *, expected_version, user) -> ActionPlan:
    with transaction.atomic():
        plan = _locked(plan, expected_version)
        _refuse_unless("recommend", plan, open_challenges=plan.challenges.filter(answered_at=None).count())
        plan.state, plan.recommended_by, plan.recommended_at = PlanState.RECOMMENDED, user, timezone.now()
        _save(plan, user, "Recommended for approval", ("state", "recommended_by", "recommended_at"))
        _tell_board(plan, BoardKind.PARTNERSHIP_BOARD, f"{plan} recommended for approval", "to approve")
    return plan


def approve(plan: ActionPlan, *, expected_version, user) -> ActionPlan:
    with transaction.atomic():
        plan = _locked(plan, expected_version)
        _refuse_unless("approve", plan)
        plan.state, plan.approved_by, plan.approved_at = PlanState.APPROVED, user, timezone.now()
        _save(plan, user, "Approved", ("state", "approved_by", "approved_at"))
        _tell_theme(plan, f"{plan} approved", "The partnership board has approved the plan.")
    return plan


def _members(partnership, **role_filter):
    return (
        Membership.objects.for_partnership(partnership)
        .filter(is_active=True, **role_filter)
        .select_related("user")
        .distinct()
    )


def _tell_board(plan, kind, subject, what):
    partnership = plan.theme.partnership
    members = _members(partnership, role_assignments__board__kind=kind, role_assignments__role__in=SEAT_ROLES)
    body = f"{plan} is waiting for you {what}."
    for membership in members:
        tell(membership, NoticeKind.ACTION_PLAN, subject, body, plan.get_absolute_url())


def _tell_theme(plan, subject, body):
    members = _members(
        plan.theme.partnership, role_assignments__theme=plan.theme, role_assignments__role__in=THEME_ROLES
    )
    for membership in members:
        tell(membership, NoticeKind.ACTION_PLAN, subject, body, plan.get_absolute_url())
