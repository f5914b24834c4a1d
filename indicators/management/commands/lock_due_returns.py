from django.core.management.base import BaseCommand

from indicators.services.rounds import lock_due_rounds


class Command(BaseCommand):
    help = "Lock the returns of every round whose collation deadline has passed. Safe to run repeatedly."

    def handle(self, *args, **options):
        locked = lock_due_rounds()
        if not locked:
            self.stdout.write("No rounds past their collation deadline are open.")
        for name, count in locked.items():
            self.stdout.write(f"Locked {name}: {count} return{'s' if count != 1 else ''}.")
