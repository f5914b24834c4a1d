"""Adding, editing, reordering and removing a draft survey's statements. Each change is refused
once the survey has been opened, and a statement may only point at an indicator or objective of
the survey's own partnership (checked here too, whatever the form offered)."""

from django.db import transaction
from django.db.models import Max

from partnership.concurrency import StaleEdit
from surveys.models import Statement, Survey
from surveys.window import change_refusal

from .refusals import SurveyRefused

STATEMENT_FIELDS = ("text", "indicator", "objective")


def _locked_draft(survey: Survey) -> Survey:
    """The survey, locked for this change; refused unless it is still a draft."""
    current = Survey.objects.select_for_update().get(pk=survey.pk)
    refusal = change_refusal(current.state)
    if refusal:
        raise SurveyRefused(refusal)
    return current


def check_scope(survey: Survey, *, indicator=None, objective=None) -> None:
    if indicator is not None and indicator.partnership_id != survey.partnership_id:
        raise SurveyRefused("Choose an indicator of this partnership.", field="indicator")
    if objective is not None and objective.partnership_id != survey.partnership_id:
        raise SurveyRefused("Choose an objective of this partnership.", field="objective")


def clean_text(text: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise SurveyRefused("Enter the statement members will agree or disagree with.", field="text")
    return text


def add_statement(survey: Survey, *, text: str, indicator=None, objective=None) -> Statement:
    """A new statement at the end of a draft survey."""
    text = clean_text(text)
    check_scope(survey, indicator=indicator, objective=objective)
    with transaction.atomic():
        current = _locked_draft(survey)
        last = current.statements.aggregate(last=Max("position"))["last"]
        return Statement.objects.create(
            survey=current,
            position=(last or 0) + 1,
            text=text,
            indicator=indicator,
            objective=objective,
        )


def save_statement(statement: Statement, fields: dict, *, expected_version: int) -> Statement:
    """Save a statement's edit; StaleEdit when someone saved it since `expected_version`."""
    unknown = set(fields) - set(STATEMENT_FIELDS)
    if unknown:
        raise ValueError(f"Not a statement field: {sorted(unknown)}")
    if "text" in fields:
        fields = {**fields, "text": clean_text(fields["text"])}
    check_scope(statement.survey, indicator=fields.get("indicator"), objective=fields.get("objective"))
    with transaction.atomic():
        _locked_draft(statement.survey)
        current = Statement.objects.select_for_update().get(pk=statement.pk)
        if current.version != expected_version:
            raise StaleEdit(current)
        for name, value in fields.items():
            setattr(current, name, value)
        current.version += 1
        current.save()
    return current


def move_statement(statement: Statement, step: int) -> bool:
    """Move a statement one place up (step -1) or down (+1); False when it is already at that end.
    Positions are renumbered 1, 2, 3... so they stay in step with what the page shows."""
    if step not in (-1, 1):
        raise ValueError("A statement moves one place at a time.")
    with transaction.atomic():
        current = _locked_draft(statement.survey)
        order = list(current.statements.order_by("position", "pk"))
        index = next(i for i, s in enumerate(order) if s.pk == statement.pk)
        target = index + step
        if not 0 <= target < len(order):
            return False
        order[index], order[target] = order[target], order[index]
        _renumber(order)
    return True


def remove_statement(statement: Statement) -> None:
    with transaction.atomic():
        current = _locked_draft(statement.survey)
        statement.delete()
        _renumber(list(current.statements.order_by("position", "pk")))


def _renumber(order: list[Statement]) -> None:
    for position, each in enumerate(order, 1):
        if each.position != position:
            each.position = position
            each._change_reason = "Reordered"
            each.save(update_fields=["position"])
