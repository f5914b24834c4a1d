from .calculation import CalculationSettings, ComputedValue
from .catalogue import CatalogueIndicator
from .indicator import Indicator
from .money import BudgetProfile, Commission, SpendReturn
from .period import Period
from .returns import DataChallenge, IndicatorReturn, ReturnRound
from .targets import Agreement, AnnualTarget, PeriodTarget, Result

__all__ = [
    "Agreement",
    "AnnualTarget",
    "CalculationSettings",
    "ComputedValue",
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
