from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ijkpunten.concordantie import open_punten
from ijkpunten.management.commands import _normkader
from ijkpunten.models import Item
from ijkpunten.normbestand import NormbestandFout, lees


class Command(BaseCommand):
    help = (
        "Laadt een normbestand (YAML, zie README) als nieuwe conceptversie van de norm; met "
        "--afgeleid-van wordt de concordantie met die versie voorgesteld."
    )

    def add_arguments(self, parser):
        parser.add_argument("bestand", type=Path)
        parser.add_argument("--afgeleid-van", help="code van de versie die dit bestand herziet")

    def handle(self, *args, bestand, afgeleid_van, **options):
        bron = None
        if afgeleid_van:
            bron = _normkader.normkader(afgeleid_van)
        try:
            inhoud = bestand.read_bytes()
        except OSError:
            raise CommandError(f"Bestand {bestand} bestaat niet of is niet te lezen.") from None
        try:
            nieuw = lees(inhoud, afgeleid_van=bron)
        except NormbestandFout as fout:
            raise CommandError("Niets geladen:\n" + "\n".join(fout.fouten)) from None
        tekst = (
            f"Normkader {nieuw.code!r} geladen als concept ({nieuw.groepen.count()} groepen, "
            f"{Item.objects.filter(groep__normkader=nieuw).count()} items)."
        )
        if bron:
            tekst += f" Concordantie met {bron.code!r}: nog {open_punten(nieuw).aantal} open."
        self.stdout.write(self.style.SUCCESS(tekst))
