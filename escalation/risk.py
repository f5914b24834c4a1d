"""Risk scoring (seeds 002 and 004): likelihood × impact on 1–5 scales. Pure: no database access.

Bands: low 1–4, medium 5–9, high 10–19, very high 20–25. Harrow's scorecard aims to "minimise
risks that are over 20", so risks scoring 20 or more are highlighted everywhere.
"""

from django.db import models

SCALE = range(1, 6)
HIGHLIGHT_FROM = 20


class Likelihood(models.IntegerChoices):
    RARE = 1, "1 Rare"
    UNLIKELY = 2, "2 Unlikely"
    POSSIBLE = 3, "3 Possible"
    LIKELY = 4, "4 Likely"
    ALMOST_CERTAIN = 5, "5 Almost certain"


class Impact(models.IntegerChoices):
    NEGLIGIBLE = 1, "1 Negligible"
    MINOR = 2, "2 Minor"
    MODERATE = 3, "3 Moderate"
    MAJOR = 4, "4 Major"
    SEVERE = 5, "5 Severe"


class Band(models.TextChoices):
    LOW = "low", "Low (1–4)"
    MEDIUM = "medium", "Medium (5–9)"
    HIGH = "high", "High (10–19)"
    VERY_HIGH = "very_high", "Very high (20–25)"


# Inclusive score range of each band, for filters.
BAND_RANGES = {Band.LOW: (1, 4), Band.MEDIUM: (5, 9), Band.HIGH: (10, 19), Band.VERY_HIGH: (20, 25)}


def score(likelihood: int, impact: int) -> int:
    if likelihood not in SCALE or impact not in SCALE:
        raise ValueError("Likelihood and impact are scored 1 to 5.")
    return likelihood * impact


def band(risk_score: int) -> Band:
    for name, (low, high) in BAND_RANGES.items():
        if low <= risk_score <= high:
            return name
    raise ValueError(f"{risk_score} is not a risk score (1–25).")


def is_highlighted(risk_score: int) -> bool:
    return risk_score >= HIGHLIGHT_FROM
