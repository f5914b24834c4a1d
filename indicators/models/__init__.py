from .catalogue import CatalogueIndicator
from .indicator import Indicator
from .period import Period
from .targets import AnnualTarget, PeriodTarget, Result

__all__ = ["AnnualTarget", "CatalogueIndicator", "Indicator", "Period", "PeriodTarget", "Result"]
