from .actions import Action, ActionReminder, ActionStatus, ActionUpdate
from .escalation import Escalation, EscalationEvent, EscalationStatus, EventKind, LadderEvaluation, Origin
from .risks import Risk, RiskStatus
from .settings import LadderSettings, RouteStep

__all__ = [
    "Action",
    "ActionReminder",
    "ActionStatus",
    "ActionUpdate",
    "Escalation",
    "EscalationEvent",
    "EscalationStatus",
    "EventKind",
    "LadderEvaluation",
    "LadderSettings",
    "Origin",
    "Risk",
    "RiskStatus",
    "RouteStep",
]
