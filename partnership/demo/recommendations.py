"""What the demo's boards recommended about the quarter before last: the business group's
recommendations to the executive board with the executive board's responses (seed 000), the
executive board's recommendations to the partnership board and its assurance statement (seed 001
§4: assurance that performance management is in place, critical issues, and recommendations such
as ways of working, further commissions or re-allocation of the Area Based Grant)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Proposal:
    """A recommendation from one board (by its key in partnerships.py) to the board above it, and
    that board's response ("accepted", "rejected", or "pending": not considered yet)."""

    board: str
    area: str  # "risk", "resources" or "ways_of_working"
    text: str
    response: str = "pending"
    reason: str = ""


RECOMMENDATIONS = {
    "haringey": [
        Proposal(
            "business",
            "risk",
            "Teenage pregnancy and young people not in education, employment or training are off target in two "
            "themes, with many of the same families behind both. That PMG asks Well-Being and Children and Young "
            "People for one action plan, and treats the two as one risk to the LAA reward grant.",
            "accepted",
            "Agreed: one plan to the next PMG, and the risk added to the partnership's risk register.",
        ),
        Proposal(
            "business",
            "resources",
            "The Healthy Lifestyles Commission is behind its profiled spend. That PMG moves part of its Area "
            "Based Grant to the themes with red targets and a costed plan.",
            "rejected",
            "Not this quarter: the commission's spend is profiled to catch up in the autumn. PMG will look at "
            "the half-year position before it moves money between themes.",
        ),
        Proposal(
            "business",
            "ways_of_working",
            "Some exception reports gave a reason and an action but no decision for the theme board. That PMG "
            "asks every Performance Management Lead to state the decision required for each red target, or to "
            "say that none is needed.",
            "accepted",
            "Agreed; the Partnership Team will brief the Performance Management Leads before the next quarter.",
        ),
        Proposal(
            "business",
            "risk",
            "Recorded offences come from the police's own system and are not checked against the published "
            "figures. That PMG requires each Lead Information Officer to reconcile the theme's figures with the "
            "published source before attesting them.",
            "rejected",
            "The police figures are the published source: the Home Office publishes the same recorded crime a "
            "month later. PMG asks the Business Group to raise a data challenge on any return it doubts.",
        ),
        Proposal(
            "pmg",
            "resources",
            "That the HSP re-allocates the first quarter's Area Based Grant underspend to the themes with red "
            "targets and a costed plan, starting with Integrated Housing's landlord incentive scheme.",
            "accepted",
            "Agreed, provided each plan comes through PMG first.",
        ),
        Proposal(
            "pmg",
            "ways_of_working",
            "That the HSP asks every theme board to set its meetings for the rest of the year in the six-to-"
            "eight-week review window, after its exception report is out.",
        ),
    ],
    "harrow": [
        Proposal(
            "exec",
            "ways_of_working",
            "That the HSP Board adopts the scorecard's targets for the rest of the year and asks each management "
            "group to report its stretch targets every quarter.",
            "accepted",
            "Agreed.",
        ),
    ],
    "halton": [
        Proposal(
            "psg",
            "risk",
            "The PSG's six-monthly report on performance management actions: the targets below their "
            "monitoring level, the lead partners' actions at stage 1 and the SSPs' plans at stage 2. That the "
            "Board asks the SSPs whose targets stay below the monitoring level for their revised plans before "
            "the annual review.",
            "accepted",
            "Agreed; the revised plans to come through the PSG.",
        ),
    ],
    "sefton": [
        Proposal(
            "performance",
            "risk",
            "That the Partnership Board notes the rise in serious acquisitive crime and asks the Safer Stronger "
            "Communities Partnership for its plan at the next meeting, before it is escalated to the Cabinet "
            "Member.",
            "accepted",
            "Agreed; the plan to come to the next meeting.",
        ),
    ],
}

ASSURANCE = (
    "The {executive} has reviewed the {quarter} HSP/PMG report, collated from the final exception reports of "
    "all {themes} themes. It is assured that effective performance management is in place: every theme gave the "
    "reason, the action being taken and the decisions required for each target not being met, and its board "
    "reviewed them. Of {total} indicators, {green} are green, {amber} amber and {red} red. Critical issues: "
    "{critical}. Its recommendations to the {partnership_board} follow."
)
