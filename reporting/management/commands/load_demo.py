from django.core.management.base import BaseCommand

from escalation.demo import load_escalation_demo, load_risk_registers
from indicators.demo.challenges import load_challenges
from indicators.demo.designated import load_designated
from indicators.demo.loader import load_indicator_demo
from partnership.demo.loader import load_demo
from partnership.demo.personas import DEMO_PASSWORD, PERSONAS
from planning.demo import load_planning_demo, load_review_demo
from reporting.demo import load_reporting_demo
from reporting.demo_harrow import load_harrow_scorecard


class Command(BaseCommand):
    """Lives in the top app because it loads every app's demo data (apps import only downwards)."""

    help = "Load (or refresh) the four demo partnerships, their indicators and the demo users. Safe to run repeatedly."

    def handle(self, *args, **options):
        load_demo()
        load_indicator_demo()
        # Halton's designated list, before anything reports on Halton's indicators (idempotence).
        load_designated()
        load_risk_registers()
        # Harrow's calculated measures, before the ladder judges them and the quarters are frozen.
        load_harrow_scorecard()
        load_escalation_demo()
        load_reporting_demo()
        load_challenges()
        load_planning_demo()
        load_review_demo()
        self.stdout.write(self.style.SUCCESS("Demo data loaded: Haringey, Harrow, Halton and Sefton, with indicators."))
        self.stdout.write(f"Demo users (password for all: {DEMO_PASSWORD}):")
        for persona in PERSONAS:
            self.stdout.write(f"  {persona.username:<12} {persona.description}")
