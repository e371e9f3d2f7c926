"""The worker that makes the reports ordered in the background (a board report of many
schools). Run it beside the web processes; ``--een-keer`` makes what waits and stops."""

import time

from django.core.management.base import BaseCommand

from zelfscan.rapporten.maken import verwerk_volgende_opdracht


class Command(BaseCommand):
    help = "Maakt de rapporten die op de achtergrond zijn aangevraagd."

    def add_arguments(self, parser):
        parser.add_argument("--een-keer", action="store_true", help="maak wat wacht en stop")
        parser.add_argument("--wacht", type=float, default=1.0, help="seconden tussen het kijken")

    def handle(self, *args, een_keer=False, wacht=1.0, **options):
        while True:
            opdracht = verwerk_volgende_opdracht()
            if opdracht is not None:
                self.stdout.write(f"{opdracht.titel}: {opdracht.get_status_display()}")
                continue
            if een_keer:
                return
            time.sleep(wacht)
