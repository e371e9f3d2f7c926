"""Count the per-scan summary again from the answers: after an upgrade, a restore or a bulk
change past the services. Reports every scan whose stored counts differ."""

from django.core.management.base import BaseCommand, CommandError

from zelfscan.models import Zelfscan
from zelfscan.resultaten import samenvatting


class Command(BaseCommand):
    help = "Controleert de samenvatting per scan tegen de antwoorden en herstelt verschillen."

    def add_arguments(self, parser):
        parser.add_argument("--ronde", type=int, help="alleen de scans van deze scanronde (id)")
        parser.add_argument(
            "--controleer", action="store_true", help="alleen melden, niets herstellen"
        )

    def handle(self, *args, ronde=None, controleer=False, **options):
        scans = Zelfscan.objects.select_related("school", "ronde").order_by("pk")
        if ronde is not None:
            scans = scans.filter(ronde_id=ronde)
        totaal, anders = 0, []
        for scan in scans.iterator(chunk_size=500):
            totaal += 1
            if verschillen := samenvatting.verschillen(scan=scan):
                anders.append(scan)
                self.stdout.write(f"Scan {scan.pk} ({scan}): {'; '.join(verschillen[:3])}")
                if not controleer:
                    samenvatting.herbereken(scan=scan)
        actie = "gemeld" if controleer else "hersteld"
        self.stdout.write(f"{totaal} scans gecontroleerd, {len(anders)} met verschillen {actie}.")
        if controleer and anders:
            raise CommandError(f"{len(anders)} scans wijken af.")
