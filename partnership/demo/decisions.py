"""What the demo's people wrote and decided about the quarter before last: each target's reason,
action and decisions required (seed 001 §5.3), what its board decided and, where it is done, what
was done. (What the boards recommended up the layers: recommendations.)

The words follow the seeds' themes (teenage pregnancy, NEETs and worklessness across themes, the
Area Based Grant and its commissions, data quality, Halton's ladder of intervention). "{executive}"
is the partnership's executive board (PMG, PSG...). The people are invented, like everyone else."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Words:
    reason: str
    action: str
    decisions_required: str = ""
    decision: str = ""  # what the board decided against the decisions required
    outcome: str = ""  # what was done: the decision is closed as done (empty: still open)


# By indicator code: the same national indicator reads the same in every partnership.
WORDS = {
    "NI 112": Words(
        "Conceptions among under-18s are above the profiled rate, and highest in three wards. The quarter's "
        "figure is the provisional local estimate: the national conception statistics arrive more than a year "
        "later.",
        "Outreach workers have moved into the three wards with the highest rates, the young people's sexual "
        "health clinic now opens on Saturdays, and schools in those wards run the relationships and sex "
        "education programme this term.",
        "Agree one action plan with the health and children's partners, as the causes run across both, and "
        "report the risk to the stretch target and its reward grant to the {executive}.",
        "One action plan with the children's partners, led by the Outcome Lead, to come to the next meeting; "
        "the risk to the stretch target reported to the {executive}.",
    ),
    "NI 40": Words(
        "Fewer people than planned stayed in treatment for the twelve weeks that count as effective: the main "
        "community provider lost two key workers in the quarter and waiting times rose to four weeks.",
        "Agency staff cover the vacancies until recruitment is complete, and the provider reviews every case "
        "at risk of dropping out each week with the Drug and Alcohol Action Team.",
        "Agree to fund an extra key worker for six months from the Healthy Lifestyles Commission's underspend.",
        "An extra key worker for six months from the Healthy Lifestyles Commission's underspend; the "
        "Commission Manager to vary the contract.",
        "Contract varied and the key worker in post; waiting times are back under three weeks.",
    ),
    "NI 8": Words(
        "The Active People survey result fell short of the trajectory; participation is lowest among women "
        "and older residents.",
        "Free swimming for over-60s and women-only sessions at two leisure centres began this quarter, and GP "
        "practices are promoting exercise on referral.",
        "Agree whether to keep the target or propose a revised trajectory at the LAA refresh.",
        "Keep the target; the Outcome Lead to bring the evidence for a revised trajectory to the LAA refresh.",
        "Evidence presented; the board kept the target and asked for the leisure centres' counts each quarter.",
    ),
    "NI 120": Words(
        "Deaths from circulatory disease are not falling as fast as planned, and the gap is widest in the "
        "most deprived wards.",
        "The PCT's health checks for 40 to 74 year olds are offered first in those wards, with a stop-smoking "
        "referral from every check.",
        "Ask the PCT to report the uptake of health checks by ward to the next meeting.",
        "The PCT to report the uptake of health checks by ward at the next meeting.",
        "Reported: uptake is behind plan in the target wards, so an outreach service has been added.",
    ),
    "NI 1": Words(
        "The Place Survey result is below target. The survey runs every two years, so no new result is due "
        "until the next one.",
        "HAVCO and the faith forum are running community events in the wards with the lowest scores.",
        "Agree a local measure to track progress between surveys.",
        "The Partnership Team to propose a local measure from the residents' panel.",
    ),
    "NI 6": Words(
        "Regular volunteering is below target: the volunteer centre's funding ended in March and "
        "registrations fell by a third.",
        "HAVCO runs the volunteer brokerage service while the commission is let again.",
        "The {executive} to decide whether to commission volunteer brokerage from the Area Based Grant.",
        "Commission volunteer brokerage from the Area Based Grant for two years; HAVCO to run it until the "
        "new contract starts.",
    ),
    "L SC1": Words(
        "Burglary and theft from vehicles are above the profile, concentrated in two wards close to transport "
        "hubs; a series of offences is linked to one group, now charged.",
        "Targeted patrols and a crime prevention campaign in the two wards; the Integrated Offender "
        "Management scheme has taken on the prolific offenders released this quarter.",
        "Agree whether the Integrated Offender Management scheme takes the extra offenders without extra money.",
        "The scheme takes the extra offenders this year; the Resource Co-ordination Group to find £30,000 "
        "from the theme's Area Based Grant.",
        "Money found from the theme's underspend; the offenders are on the scheme.",
    ),
    "L SS1": Words(
        "Burglary and vehicle crime are above the profile, mostly in the south of the borough; a third of the "
        "offences are linked to a few prolific offenders.",
        "The Neighbourhood Wardens work the hot spots, and the police run a burglary reduction operation with "
        "the probation service.",
        "Agree whether to extend the Neighbourhood Wardens' hours in the hot spots for the rest of the year.",
        "Longer hours for three months, then a review against the crime figures.",
    ),
    "L SC2": Words(
        "Most serious violence is above the profile, driven by incidents involving young people in the "
        "night-time economy.",
        "Licensing reviews of two premises, extra patrols on Friday and Saturday nights, and referrals from "
        "A&E to the youth violence service.",
        "Agree that the PCT and the police sign the A&E data-sharing agreement before the next meeting.",
        "The PCT and the police to sign the A&E data-sharing agreement by the next meeting.",
        "Signed; anonymised A&E data is now shared every month.",
    ),
    "L SC3": Words(
        "Repeat incidents are above the profile: more victims report a second incident, partly because the "
        "advocacy service now reaches more people.",
        "Independent domestic violence advisers follow up every high-risk case within a day, and the MARAC "
        "meets every fortnight.",
        "Agree that the measure is shown beside reporting rates before it is judged.",
        "The Outcome Lead to show repeat incidents beside reporting rates from next quarter.",
        "Shown beside reporting rates in this quarter's report.",
    ),
    "L SH1": Words(
        "Recorded violent crime is above the profile for the half-year, with alcohol-related assaults in the "
        "town centres.",
        "Pubwatch, extra town-centre patrols at weekends and a street pastors scheme; the police and the "
        "licensing team are reviewing late licences.",
        "Below the monitoring level at this review: the lead partner to act and report to the SSP within "
        "three months (stage 1 of the ladder).",
        "The police, as lead partner, to act with the licensing team and report progress within three months.",
    ),
    "NI 186": Words(
        "Emissions per head are falling more slowly than planned; the national figures are two years in "
        "arrears, so the result reflects the years before the current programme.",
        "The home insulation scheme and the replacement of the council's fleet are on plan.",
        "Agree that every partner reports its own building and fleet emissions to the theme each quarter.",
        "Partners to report building and fleet emissions each quarter from next quarter.",
        "Four of the six partners now report every quarter.",
    ),
    "NI 192": Words(
        "Recycling is below the profile: mixed recycling from flats was contaminated and loads were rejected "
        "at the sorting facility.",
        "Door-knocking and new bin labels on the estates with the most contamination; crews tag contaminated bins.",
        "Agree whether the Cleaner Streets Programme funds an estates recycling officer.",
        "An estates recycling officer for a year from the Cleaner Streets Programme.",
    ),
    "NI 195": Words(
        "The cleanliness survey found more litter and detritus on high streets and main roads than the target "
        "allows, and fly-tipping around the estates.",
        "Extra evening sweeps on the high streets, fixed penalties for fly-tipping, and a monthly clear-up "
        "day with residents' groups.",
        "Agree a joint approach to enforcement with the police and the housing providers.",
        "Officers to agree a joint enforcement protocol with the police and housing providers within six weeks.",
        "Protocol agreed and in use; fixed penalties are up by half.",
    ),
    "NI 110": Words(
        "Fewer young people than planned took part in positive activities while two youth centres were closed "
        "for refurbishment.",
        "Sessions moved to school sites, and detached youth workers covered the two areas.",
    ),
    "NI 117": Words(
        "The share of 16 to 18 year olds not in education, employment or training is above the profile after "
        "the summer, and more young people's status is unknown, which the measure counts against the target.",
        "Connexions advisers are tracing every unknown, and the colleges are holding places for young people "
        "who left their courses in the first term.",
        "Agree one plan for NEETs with the employment and skills partners, so that young people at risk are "
        "referred to employment support at 17.",
        "One plan with the employment and skills partners, led by the 14-19 manager, to the next meeting.",
    ),
    "NI 56": Words(
        "Measured obesity among year 6 children is above the target; almost every child was measured, so the "
        "figure is reliable.",
        "The healthy schools programme and family weight-management courses go first to the schools with the "
        "highest rates.",
        "Agree to ask the Well-Being theme to contribute to this target, as its Healthy Lifestyles Commission "
        "delivers most of the activity.",
        "Well-Being to contribute to the target; the two Outcome Leads to agree one report.",
        "Agreed between the Outcome Leads; Well-Being reports its commission's activity against the target.",
    ),
    "L IH1": Words(
        "More households are in temporary accommodation than the profile allows: fewer private landlords "
        "accept the rent deposit scheme, and more households were accepted as homeless.",
        "The housing options team offers landlords a larger incentive, and prevention now starts at the first "
        "notice of possession.",
        "The {executive} to consider a one-off allocation to the landlord incentive scheme.",
        "Ask the {executive} for a one-off allocation of Area Based Grant to the landlord incentive scheme.",
    ),
    "NI 154": Words(
        "Completions fell behind the profile: two large schemes slipped when their developers paused building.",
        "Officers meet the developers every month, and planning is clearing the remaining conditions first.",
        "Note the slippage, and re-profile the target at the year end if building has not restarted by next quarter.",
        "Noted; re-profile at the year end if building has not restarted by next quarter.",
        "Building has restarted on one of the two schemes.",
    ),
    "NI 187": Words(
        "Fewer homes were insulated than planned because the Warm Homes Project started late.",
        "The project is writing to every household on income-based benefits in the streets with the lowest "
        "energy ratings.",
    ),
    "NI 151": Words(
        "The employment rate is below the profile as the labour market weakens, most of all for young adults "
        "and lone parents.",
        "Job brokers work from the Jobcentre Plus offices, and employers building the regeneration schemes "
        "are asked to recruit locally.",
        "Agree that Jobcentre Plus and the council share caseload data, so that the partnership can see who "
        "is being helped.",
        "Jobcentre Plus and the council to agree how they share caseload data.",
    ),
    "NI 152": Words(
        "Out-of-work benefit claims are above the profile, most of all Jobseeker's Allowance among 18 to 24 year olds.",
        "Jobcentre Plus refers young claimants to employment support after three months rather than six.",
        "Ask the {executive} to look at worklessness across the themes, as it drives housing and health targets too.",
        "Refer worklessness to the {executive} as a cross-cutting issue.",
        "Considered by the {executive}, which asked every theme for its part in a joint report.",
    ),
    "NI 163": Words(
        "Fewer adults than planned reached a first Level 2 qualification: the college's courses with "
        "employers started a term late.",
        "The Skills for Work commission recruits learners through local employers, and the college has added "
        "evening courses.",
    ),
    "NI 171": Words(
        "New business registrations are below the profile as the economy slows; fewer people start a business "
        "after redundancy.",
        "Tottenham Business Support runs start-up workshops and offers free desk space for six months.",
        "Agree whether Tottenham Business Support joins the Worklessness Commission when its NRF money ends.",
        "Tottenham Business Support to join the Worklessness Commission from April; the Commission Manager to "
        "plan the move.",
    ),
    "HSP C4": Words(
        "Two of the group's stretch targets are off track: burglary and the fear of crime.",
        "The group has asked the lead for each stretch target for a recovery plan.",
        "Agree the recovery plans at the next meeting.",
        "The recovery plans to come to the next meeting.",
        "Presented and agreed.",
    ),
    "HSP R1": Words(
        "Spend is behind its profile: the CCTV upgrade was delayed in procurement.",
        "The contract was let this quarter and the spend is re-profiled into the last two quarters.",
        "Agree the re-profiled spend.",
        "Re-profile agreed.",
        "Profile changed.",
    ),
    "HSP C2": Words(
        "Fewer of the Sustainable Community Plan's indicators are green than the target, chiefly those on "
        "housing supply and the local economy.",
        "Each lead is reviewing their action plan with the Partnership Team.",
        "Agree which amber and red indicators the HSP Executive looks at in depth.",
        "Housing supply and worklessness to go to the HSP Executive for an in-depth review.",
    ),
    "HSP S2": Words(
        "The Government Office rating is still amber: the assessment asked for firmer performance management "
        "and clearer links between spend and outcomes.",
        "This scorecard and the quarterly reports to the HSP Executive are the response; the improvement plan "
        "is being updated.",
    ),
    "HSP S4": Words(
        "Risks scoring 20 or more are on the register again: the loss of grant funding and the capacity of the "
        "voluntary sector.",
        "Each has an owner and a mitigation plan reviewed every month.",
        "Agree whether the HSP Board hears of both risks at its next meeting.",
        "Both risks to be reported to the HSP Board.",
        "Reported to the HSP Board.",
    ),
    "HSP C1": Words(
        "Fewer members than the target agree that the partnership's strategies reflect the views of every "
        "part of the community, in the self-assessment questionnaire.",
        "Consultation on the Sustainable Community Plan refresh reaches young people and faith groups through "
        "the voluntary sector.",
        "Agree the consultation plan for the refresh.",
        "Consultation plan agreed, with the voluntary sector leading on seldom-heard groups.",
        "Consultation complete.",
    ),
    "HSP P1": Words(
        "The share of board members from black and minority ethnic communities is below target: two members "
        "left and were replaced from the same organisations.",
        "Partners are asked to consider the make-up of the board when they nominate.",
        "Agree to write to every partner about nominations before the next vacancy.",
        "The chair to write to every partner about nominations.",
        "Letter sent.",
    ),
    "HSP P5": Words(
        "No board member is under 25.",
        "The youth parliament has been invited to nominate a member.",
        "Agree to co-opt a member of the youth parliament.",
        "Co-opt a member of the youth parliament from the next meeting.",
    ),
    "HSP R3": Words(
        "Spend is ahead of profile because the summer activities programme was front-loaded.",
        "The programme spends less in the autumn; the year's total is within budget.",
    ),
    "HSP T1": Words(
        "Fewer members than the target agree that the partnership gives an effective steer to partners' strategies.",
        "Each partner will present during the year how its plans reflect the Sustainable Community Plan.",
        "Agree the order of the partners' presentations.",
        "Police and PCT to present first.",
    ),
}

FALLBACK = Words(
    "Performance is behind the profiled target for the quarter; the Outcome Lead is analysing the causes "
    "with the partners who deliver it.",
    "The lead partner is reviewing its delivery plan and reports progress to the theme within three months.",
)


def words_for(code: str, executive: str) -> Words:
    words = WORDS.get(code, FALLBACK)
    return Words(*(text.format(executive=executive) for text in vars(words).values()))
