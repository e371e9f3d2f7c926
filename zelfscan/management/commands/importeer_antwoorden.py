import csv
import io

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ijkpunten.models import Item
from zelfscan.forms import AntwoordForm, eerste_fout
from zelfscan.models import Historie, User, Zelfscan
from zelfscan.scans.antwoorden import Weigering, save_answer
from zelfscan.scans.structuur import toegestaan


class Command(BaseCommand):
    help = (
        "Leest antwoorden voor een zelfscan in uit CSV (kolommen onderdeel, item, versie, score, "
        "toelichting; onderdeel is de code van het onderdeel, bijvoorbeeld ijkpunt-4; versie de "
        "versie van het antwoord waarop het bestand is gemaakt, 0 voor een nog leeg antwoord). "
        "Alles of niets: een fout in één rij schrijft niets."
    )

    def add_arguments(self, parser):
        parser.add_argument("scan", type=int, help="nummer van de zelfscan")
        parser.add_argument("bestand", help="CSV-bestand (UTF-8, komma of puntkomma)")
        parser.add_argument("--door", required=True, help="gebruikersnaam van wie inleest")

    def handle(self, *args, scan, bestand, door, **options):
        zelfscan = Zelfscan.objects.select_related("ronde", "school").filter(pk=scan).first()
        if zelfscan is None:
            raise CommandError(f"Zelfscan {scan} bestaat niet.")
        user = User.objects.filter(username=door).first()
        if user is None:
            raise CommandError(f"Gebruiker {door!r} bestaat niet.")
        with open(bestand, encoding="utf-8-sig") as handle:
            text = handle.read()
        delimiter = (
            ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
        )
        rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
        codes = {
            (groep, code): pk
            for pk, groep, code in Item.objects.filter(
                groep__normkader_id=zelfscan.ronde.normkader_id
            ).values_list("pk", "groep__code", "code")
        }
        asked = toegestaan(zelfscan).items
        errors = []
        with transaction.atomic():
            for line, row in enumerate(rows, 2):
                item_id = codes.get(
                    ((row.get("onderdeel") or "").strip(), (row.get("item") or "").strip())
                )
                if item_id is None:
                    errors.append(
                        f"regel {line}: onbekend item {row.get('onderdeel')}/{row.get('item')}"
                    )
                    continue
                # The same checks as the page's: a score of the scale or "nvt", the length of
                # the explanation, the version.
                form = AntwoordForm({
                    "score": (row.get("score") or "").strip().lower(),
                    "toelichting": row.get("toelichting") or "",
                    "versie": (row.get("versie") or "").strip(),
                })  # fmt: skip
                try:
                    if not form.is_valid():
                        raise Weigering(eerste_fout(form))
                    save_answer(
                        scan=zelfscan, item_id=item_id, door=user, **form.waarden(),
                        basisversie=form.cleaned_data["versie"], bron=Historie.Bron.IMPORT,
                        toegestane_items=asked,
                    )  # fmt: skip
                except Weigering as refusal:
                    errors.append(f"regel {line}: {refusal.message}")
            if errors:
                transaction.set_rollback(True)
        if errors:
            raise CommandError("Niets ingelezen:\n" + "\n".join(errors))
        self.stdout.write(self.style.SUCCESS(f"{len(rows)} antwoorden ingelezen."))
