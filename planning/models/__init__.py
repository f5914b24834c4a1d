from planning.states import PlanState

from .calendar import PlanningReminder, PlanningStage
from .plans import ActionPlan, PlanChallenge, PlanItem, PlanVersion
from .review import ActionPoint, AnnualReview, ReviewTarget

__all__ = [
    "ActionPlan",
    "ActionPoint",
    "AnnualReview",
    "ReviewTarget",
    "PlanChallenge",
    "PlanItem",
    "PlanState",
    "PlanVersion",
    "PlanningReminder",
    "PlanningStage",
]
