from django.core.management.base import BaseCommand

from partnership.demo import DEMO_PASSWORD, PERSONAS, load_demo


class Command(BaseCommand):
    help = "Load (or refresh) the four demo partnerships and the demo users. Safe to run repeatedly."

    def handle(self, *args, **options):
        load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data loaded: Haringey, Harrow, Halton and Sefton."))
        self.stdout.write(f"Demo users (password for all: {DEMO_PASSWORD}):")
        for persona in PERSONAS:
            self.stdout.write(f"  {persona.username:<12} {persona.description}")
