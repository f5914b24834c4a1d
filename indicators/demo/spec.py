"""What a demo indicator is made of, and the short names the partnerships' lists use."""

from dataclasses import dataclass, field

from indicators.periods import Frequency
from indicators.status import Polarity
from indicators.values import Unit

H, L = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER
Q, S, A = Frequency.QUARTERLY, Frequency.SIX_MONTHLY, Frequency.ANNUAL
PCT, RATE, COUNT, YES_NO, RATING = Unit.PERCENTAGE, Unit.RATE, Unit.COUNT, Unit.YES_NO, Unit.RATING


@dataclass(frozen=True)
class Spec:
    code: str
    theme: str
    unit: str
    polarity: str
    frequency: str
    baseline: str
    targets: tuple  # three annual targets, one per agreement year
    performance: tuple  # actual / target in the year before the agreement and each agreement year
    title: str = ""  # for local indicators; national ones take the catalogue's title
    margin: str = "0.05"  # the monitoring level sits this fraction of the target on the worse side
    rate_per: int = 1000
    ratio: tuple = ()  # (numerator label, denominator label, denominator size)
    accumulation: str = ""
    laa: bool = True
    stretch: bool = False
    objective: str = ""
    baseline_note: str = ""
    allows_negative: bool = False
    data_source: str = ""
    contributing: tuple = ()  # slugs of the other themes whose work contributes (cross-thematic)
    # A calculated indicator (indicators.calculations): its kind, and its settings with the theme as
    # a slug; it has no results or returns of its own, reporting.demo_harrow calculates them.
    calculation: str = ""
    calculation_settings: dict = field(default_factory=dict)
    owner: str = ""  # "chair": the chair of the lead theme's board; "objective": the objective's owner
    extra: dict = field(default_factory=dict)
