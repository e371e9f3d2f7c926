"""Ijkpunt 2 as 000 lists it (issue 15): the ten bullets after "... leerlingen met:" and the
fifteen after "In het ondersteuningsplan ... staat beschreven:" were one item each, with the
bullets as sub-points; each bullet is now its own item (``ref-1.1`` ... ``ref-1.10``,
``alm-1.1`` ... ``alm-1.15``) with the lead-in as its ``inleiding``.

The norm had not been used for a real round; in a database that already holds it (a demo or a
test installation), the old item becomes its bullets here, before ``loaddata`` brings the
fixture's texts and order: an answer to the old item is the school's answer to each of its
bullets, a development point on it stays with its ijkpunt. A fresh database has no items yet
at this point, and nothing happens. Run ``manage.py samenvatting_bijwerken`` afterwards: the
per-scan summary counts the new items (this migration cannot use the application's code).
"""

from django.db import migrations

SPLITSEN = (("ijkpunt-2", "ref-1"), ("ijkpunt-2", "alm-1"))


def splits(apps, schema_editor):
    Item = apps.get_model("ijkpunten", "Item")
    Antwoord = apps.get_model("zelfscan", "Antwoord")
    Ontwikkelpunt = apps.get_model("zelfscan", "Ontwikkelpunt")
    for groep, code in SPLITSEN:
        for oud in Item.objects.filter(
            groep__normkader__code="anb-2024", groep__code=groep, code=code
        ).exclude(subpunten=[]):
            nieuw = [
                Item.objects.create(
                    groep_id=oud.groep_id, code=f"{code}.{n}", volgorde=oud.volgorde,
                    bron=oud.bron, aspect=oud.aspect, inleiding=oud.tekst, tekst=punt,
                    toelichting="", subpunten=[], alleen_sbo=oud.alleen_sbo,
                    nvt_toegestaan=oud.nvt_toegestaan, herkomst=oud.herkomst,
                )
                for n, punt in enumerate(oud.subpunten, 1)
            ]  # fmt: skip
            antwoorden = list(Antwoord.objects.filter(item=oud))
            Antwoord.objects.bulk_create(
                Antwoord(
                    scan_id=a.scan_id, item=item, score=a.score, nvt=a.nvt,
                    toelichting=a.toelichting, uit_vorige_scan=a.uit_vorige_scan, versie=1,
                    gewijzigd_door_id=a.gewijzigd_door_id, gewijzigd_op=a.gewijzigd_op,
                )
                for a in antwoorden
                for item in nieuw
            )  # fmt: skip
            Antwoord.objects.filter(item=oud).delete()
            Ontwikkelpunt.objects.filter(item=oud).update(item=None, groep_id=oud.groep_id)
            oud.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("zelfscan", "0010_opmerking_gelezen"),
        ("ijkpunten", "0003_landelijk_gemiddelde"),
    ]

    operations = [migrations.RunPython(splits, migrations.RunPython.noop)]
