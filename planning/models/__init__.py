from planning.states import PlanState

from .plans import ActionPlan, PlanChallenge, PlanItem, PlanVersion

__all__ = ["ActionPlan", "PlanChallenge", "PlanItem", "PlanState", "PlanVersion"]
