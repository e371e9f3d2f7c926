from django.core.management.base import BaseCommand, CommandError

from ijkpunten.management.commands import _normkader
from ijkpunten.models import Item
from ijkpunten.services import NormkaderError, copy_normkader


class Command(BaseCommand):
    help = (
        "Kopieert een normkader met alles eronder naar een nieuwe conceptversie, "
        "zodat een herziening de bestaande scans niet raakt."
    )

    def add_arguments(self, parser):
        parser.add_argument("bron", help="code van het normkader dat gekopieerd wordt")
        parser.add_argument("code", help="code van de nieuwe versie, bijvoorbeeld anb-2026")
        parser.add_argument("--naam", required=True, help="naam van de nieuwe versie")

    def handle(self, *args, bron, code, naam, **options):
        origineel = _normkader.normkader(bron)
        try:
            nieuw = copy_normkader(bron=origineel, code=code, naam=naam)
        except NormkaderError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Normkader {nieuw.code!r} aangemaakt als concept, afgeleid van {origineel.code!r} "
                f"({nieuw.groepen.count()} groepen, "
                f"{Item.objects.filter(groep__normkader=nieuw).count()} items)."
            )
        )
