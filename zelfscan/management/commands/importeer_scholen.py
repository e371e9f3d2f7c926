from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zelfscan.models import Samenwerkingsverband, Wijk
from zelfscan.organisaties import duo
from zelfscan.organisaties.uploads import UploadError


class Command(BaseCommand):
    help = (
        "Leest de scholen van een samenwerkingsverband in uit DUO's open data: het bestand "
        "met alle vestigingen zoals DUO het aanbiedt en, naar keuze, de leerlingen per "
        "vestiging. Dezelfde controle als de importpagina; toont eerst wat verandert en "
        "schrijft alleen met --bevestig (alles of niets)."
    )

    def add_arguments(self, parser):
        parser.add_argument("bestand", help="DUO-bestand met alle vestigingen (CSV)")
        parser.add_argument("--swv", required=True, help="code van het samenwerkingsverband")
        parser.add_argument("--leerlingen", help="DUO-bestand met leerlingen per vestiging")
        parser.add_argument(
            "--gemeente", action="append", default=[], help="gemeente (herhaalbaar), bv. ALMERE"
        )
        parser.add_argument(
            "--codes", default="", help="BRIN- of vestigingscodes, komma's ertussen"
        )
        parser.add_argument("--wijk", help="wijk voor een nieuwe basisschool")
        parser.add_argument("--bevestig", action="store_true", help="schrijf de wijzigingen")

    def handle(self, *args, bestand, swv, leerlingen, gemeente, codes, wijk, bevestig, **options):
        verband = Samenwerkingsverband.objects.filter(code=swv).first()
        if verband is None:
            raise CommandError(f"Samenwerkingsverband {swv!r} bestaat niet.")
        wijk_nieuw = None
        if wijk:
            wijk_nieuw = Wijk.objects.filter(swv=verband, naam__iexact=wijk).first()
            if wijk_nieuw is None:
                raise CommandError(f"Wijk {wijk!r} bestaat niet in {verband.code}.")
        try:
            report, _dataset, ontbrekend = duo.importeer(
                swv=verband, data=Path(bestand).read_bytes(),
                selectie=duo.Selectie.van(",".join(gemeente), codes),
                leerlingen_data=Path(leerlingen).read_bytes() if leerlingen else None,
                wijk_nieuw=wijk_nieuw, bevestigd=bevestig,
            )  # fmt: skip
        except (UploadError, OSError) as error:
            raise CommandError(str(error)) from None
        for melding in report.general:
            self.stdout.write(melding)
        for rij in report.rows:
            if rij.action == "ongewijzigd":
                continue
            self.stdout.write(f"regel {rij.line}: {rij.label}: {rij.action}")
            for regel in [*rij.changes, *rij.messages]:
                self.stdout.write(f"    {regel}")
        for school in ontbrekend:
            self.stdout.write(f"niet in DUO's bestand (blijft zoals het is): {school}")
        samenvatting = (
            f"{report.count('nieuw')} nieuw, {report.count('gewijzigd')} gewijzigd, "
            f"{report.count('ongewijzigd')} ongewijzigd, {report.count('fout')} met een fout."
        )
        if not report.ok:
            raise CommandError(f"{samenvatting} Niets ingelezen.")
        if bevestig:
            self.stdout.write(f"Ingelezen: {samenvatting}")
        else:
            self.stdout.write(f"{samenvatting} Nog niets geschreven: bevestig met --bevestig.")
