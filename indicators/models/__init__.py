from .catalogue import CatalogueIndicator
from .indicator import Indicator
from .period import Period
from .returns import BudgetProfile, Commission, DataChallenge, IndicatorReturn, ReturnRound, SpendReturn
from .targets import AnnualTarget, PeriodTarget, Result

__all__ = [
    "AnnualTarget",
    "BudgetProfile",
    "CatalogueIndicator",
    "Commission",
    "DataChallenge",
    "Indicator",
    "IndicatorReturn",
    "Period",
    "PeriodTarget",
    "Result",
    "ReturnRound",
    "SpendReturn",
]
