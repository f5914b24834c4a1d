"""How the demo's invented figures and return states vary from period to period and from one
indicator or commission to the next, so the dashboards show a mix of states."""

from decimal import Decimal

from indicators.workflow import ReturnState

# Each commission's actual spend as a share of its profiled quarter, in turn.
SPEND_PATTERN = [Decimal(x) for x in ("0.92", "1.04", "1.15", "0.97", "0.85", "1.0")]
# The latest quarter's returns, in turn: a collation round part-way through.
RETURN_STATES = [
    ReturnState.APPROVED,
    ReturnState.SUBMITTED,
    ReturnState.DRAFT,
    ReturnState.APPROVED,
    ReturnState.NOT_STARTED,
    ReturnState.RETURNED,
    ReturnState.APPROVED,
]
# The theme in each partnership whose returns for the latest quarter are all in: submitted by its
# Lead Information Officer here, approved by its Report Coordinator in reporting.demo, so the last
# approval drafts its exception report while the other themes are still collating.
COLLATED_THEMES = {
    "haringey": "safer-communities",
    "harrow": "safer-harrow",
    "halton": "safer-halton",
    "sefton": "safer-stronger",
}
# Small differences between periods, so trends look like real data.
WOBBLE = [
    Decimal(x)
    for x in ("1.0", "1.015", "0.985", "1.01", "0.995", "1.02", "0.99", "1.005", "1.0", "0.98", "1.01", "1.0")
]
