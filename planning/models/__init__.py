from planning.states import PlanState

from .calendar import PlanningReminder, PlanningStage
from .plans import ActionPlan, PlanChallenge, PlanItem, PlanVersion

__all__ = [
    "ActionPlan",
    "PlanChallenge",
    "PlanItem",
    "PlanState",
    "PlanVersion",
    "PlanningReminder",
    "PlanningStage",
]
