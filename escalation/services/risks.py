"""The risk register as other pages read it: the top open risks, to a few themes or to the whole
partnership (Harrow's scorecard highlights those scoring 20 or more: escalation.risk)."""

from django.db.models import Q

from escalation.models import Risk, RiskStatus


def theme_risks(partnership, theme_ids=None, *, limit: int = 5) -> list[Risk]:
    """The highest-scoring open risks (score, then soonest review) to these themes: those placed in
    one of them, or threatening an indicator one of them leads. None: the whole partnership's.
    The one definition of "a theme's risks", for exception reports, board packs and the HSP/PMG
    report alike; owners, themes and indicators are loaded."""
    risks = Risk.objects.for_partnership(partnership).filter(status=RiskStatus.OPEN)
    if theme_ids is not None:
        ids = list(theme_ids)
        matching = Risk.objects.filter(Q(themes__in=ids) | Q(indicators__lead_theme__in=ids)).values("pk")
        risks = risks.filter(pk__in=matching)
    return list(
        risks.select_related("partnership", "owner__user")
        .prefetch_related("themes", "indicators")
        .order_by("-score", "review_date", "pk")[:limit]
    )


def top_risks(partnership, limit: int = 5) -> list[Risk]:
    """The partnership's highest-scoring open risks."""
    return theme_risks(partnership, None, limit=limit)
