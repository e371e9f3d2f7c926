from django.core.management.base import BaseCommand, CommandError

from ijkpunten.models import Normkader
from ijkpunten.normbestand import schrijf


class Command(BaseCommand):
    help = "Schrijft een versie van de norm als normbestand (YAML, zie README) naar stdout."

    def add_arguments(self, parser):
        parser.add_argument("code", help="code van de versie, bijvoorbeeld anb-2024")

    def handle(self, *args, code, **options):
        normkader = Normkader.objects.filter(code=code).first()
        if normkader is None:
            raise CommandError(f"Normkader {code!r} bestaat niet.")
        self.stdout.write(schrijf(normkader), ending="")
