"""Write the PDF reports of a round to a folder: every school, every board, every wijk and the
stad, as seen by one account (an SWV-beheerder sees released scans only). Nothing is skipped
silently: what is not made is listed with the reason, and a failure ends with a non-zero exit."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zelfscan.models import Bestuur, Scanronde, User, Wijk, Zelfscan
from zelfscan.rapporten import maken as rapporten
from zelfscan.resultaten.schoolpagina import SCHOOLPAGINA_RELATED


class Command(BaseCommand):
    help = "Schrijft de pdf-rapporten van een scanronde naar een map."

    def add_arguments(self, parser):
        parser.add_argument("ronde", type=int, help="id van de scanronde")
        parser.add_argument("map", help="map voor de rapporten (wordt aangemaakt)")
        parser.add_argument(
            "--gebruiker", required=True,
            help="gebruikersnaam van wie de rapporten ziet (SWV-beheerder of beheerder)",
        )  # fmt: skip

    def handle(self, *args, ronde, map, gebruiker, **options):
        user = User.objects.filter(username=gebruiker, is_active=True).first()
        if user is None:
            raise CommandError(f"Geen actief account '{gebruiker}'.")
        scanronde = (
            Scanronde.objects.for_user(user)
            .select_related("normkader", "swv")
            .filter(pk=ronde)
            .first()
        )
        if scanronde is None:
            raise CommandError(f"Scanronde {ronde} bestaat niet of is niet zichtbaar voor {user}.")
        doel = Path(map)
        doel.mkdir(parents=True, exist_ok=True)
        taken, overgeslagen = self._taken(user, scanronde)
        gemaakt, mislukt = 0, []
        for nummer, (omschrijving, maak) in enumerate(taken, 1):
            self._voortgang(nummer, len(taken), omschrijving)
            try:
                rapport = maak()
            except Exception as fout:  # one failing report must not stop the others
                mislukt.append(f"{omschrijving}: {fout}")
                continue
            (doel / rapport.bestandsnaam).write_bytes(rapport.inhoud)
            gemaakt += 1
        if self._tty():
            self.stdout.write("")
        for regel in overgeslagen:
            self.stdout.write(f"Overgeslagen: {regel}")
        for regel in mislukt:
            self.stderr.write(f"Mislukt: {regel}")
        self.stdout.write(
            f"{gemaakt} rapporten geschreven naar {doel}, {len(overgeslagen)} overgeslagen, "
            f"{len(mislukt)} mislukt."
        )
        if mislukt:
            raise CommandError(f"{len(mislukt)} rapporten zijn mislukt.")

    def _taken(self, user, ronde):
        zichtbaar = {
            s.pk: s
            for s in Zelfscan.objects.for_user(user)
            .filter(ronde=ronde)
            .select_related(*SCHOOLPAGINA_RELATED)
        }
        taken, overgeslagen = [], []
        for scan in ronde.scans.select_related("school").order_by("school__naam"):
            if scan.pk not in zichtbaar:
                overgeslagen.append(
                    f"{scan.school.naam}: scan {scan.get_status_display()}, niet zichtbaar voor "
                    f"{user}"
                )
                continue
            taken.append(
                (f"school {scan.school.naam}",
                 lambda s=zichtbaar[scan.pk]: rapporten.schoolrapport(user=user, scan=s))
            )  # fmt: skip
        for bestuur in Bestuur.objects.in_swv_for_user(user, ronde.swv_id).order_by("naam"):
            taken.append(
                (f"bestuur {bestuur.naam}",
                 lambda b=bestuur: rapporten.bestuursrapport(user=user, ronde=ronde, bestuur=b))
            )  # fmt: skip
        for wijk in Wijk.objects.for_user(user).filter(swv=ronde.swv_id).order_by("naam"):
            taken.append(
                (f"wijk {wijk.naam}",
                 lambda w=wijk: rapporten.wijkrapport(user=user, ronde=ronde, wijk=w))
            )  # fmt: skip
        taken.append(("stad", lambda: rapporten.stadrapport(user=user, ronde=ronde)))
        return taken, overgeslagen

    def _tty(self) -> bool:
        return sys.stdout.isatty() and self.stdout._out is sys.stdout

    def _voortgang(self, nummer, totaal, omschrijving):
        breedte = 30
        gevuld = breedte * nummer // totaal
        balk = "█" * gevuld + "░" * (breedte - gevuld)
        regel = f"[{balk}] {nummer}/{totaal} {omschrijving}"
        if self._tty():
            self.stdout.write(f"\r{regel[:100]:<100}", ending="")
            self.stdout.flush()
        else:
            self.stdout.write(regel)
