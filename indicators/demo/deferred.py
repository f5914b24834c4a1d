"""A designated indicator whose baseline and targets are still to be agreed: Halton's annual review
of 9 January 2009 listed NI 116 among the designated indicators with "missing data (Places Survey,
deferred indicators etc)" (Halton LAA Annual Review slides, "Scope for Refresh",
https://fdocuments.us/document/halton-local-area-agreement-annual-review-9-january-2009.html).
The demo adopts it without targets, so the administrator's home shows the gap to fill."""

from indicators.models import CatalogueIndicator, Indicator
from indicators.periods import Frequency
from indicators.status import Accumulation, Polarity
from indicators.values import Unit
from partnership.models import Membership, Partnership, Theme
from partnership.roles import Role

DEFERRED = [
    # (partnership slug, code, theme slug, polarity, unit)
    ("halton", "NI 116", "children-young-people", Polarity.LOWER_IS_BETTER, Unit.PERCENTAGE),
]
NOTE = "Missing data at the annual review (9 January 2009): baseline and targets to be agreed."


def load_deferred() -> int:
    """Idempotent: returns how many indicators were adopted."""
    made = 0
    for slug, code, theme_slug, polarity, unit in DEFERRED:
        partnership = Partnership.objects.get(slug=slug)
        theme = Theme.objects.get(partnership=partnership, slug=theme_slug)
        entry = CatalogueIndicator.objects.filter(code=code).first()
        lead = (
            Membership.objects.filter(role_assignments__theme=theme, role_assignments__role=Role.OUTCOME_LEAD)
            .order_by("pk")
            .first()
        )
        _, created = Indicator.objects.get_or_create(
            partnership=partnership,
            code=code,
            defaults={
                "catalogue": entry,
                "title": entry.title if entry else code,
                "definition": entry.unit_description if entry else "",
                "unit": unit,
                "polarity": polarity,
                "frequency": Frequency.ANNUAL,
                "accumulation": Accumulation.SNAPSHOT,
                "is_laa": True,
                "baseline_note": NOTE,
                "lead_theme": theme,
                "outcome_lead": lead,
            },
        )
        made += created
    return made
