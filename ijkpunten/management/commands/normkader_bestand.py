from pathlib import Path

from django.core.management.base import BaseCommand

from ijkpunten.management.commands import _normkader
from ijkpunten.normbestand import schrijf, schrijf_xlsx


class Command(BaseCommand):
    help = (
        "Schrijft een versie van de norm als normbestand (zie README): YAML naar stdout, of met "
        "--xlsx BESTAND als werkmap."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="code van de versie, bijvoorbeeld anb-2024")
        parser.add_argument("--xlsx", type=Path, help="schrijf een XLSX-werkmap naar dit bestand")

    def handle(self, *args, code, xlsx, **options):
        normkader = _normkader.normkader(code)
        if xlsx:
            xlsx.write_bytes(schrijf_xlsx(normkader))
            self.stdout.write(self.style.SUCCESS(f"{normkader.naam} geschreven naar {xlsx}."))
        else:
            self.stdout.write(schrijf(normkader), ending="")
