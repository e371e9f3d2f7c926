"""Writes to the norm.

A vastgesteld Normkader is never changed in place: scans refer to it. A revision starts as a
copy in concept, is edited, and is then vastgesteld as a version of its own.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from ijkpunten.concordantie import open_punten
from ijkpunten.models import (
    Begrip,
    CyclusFase,
    Domein,
    Groep,
    GroepOvergang,
    HgwPrincipe,
    Item,
    ItemOvergang,
    Kaartaspect,
    LandelijkGemiddelde,
    Normkader,
    Ondersteuningsniveau,
    Ontwikkelstap,
    Risicosignaal,
    Schaalwaarde,
    Uitleg,
)


class NormkaderError(Exception):
    """A write to the norm that the rules do not allow; the message is for the user (Dutch)."""


def _copy_rows(model, rows, **overrides):
    copies = []
    for row in rows:
        copy = model(
            **{
                f.attname: getattr(row, f.attname)
                for f in model._meta.concrete_fields
                if not f.primary_key
            }
        )
        for name, value in overrides.items():
            setattr(copy, name, value(row) if callable(value) else value)
        copies.append(copy)
    return model.objects.bulk_create(copies)


@transaction.atomic
def copy_normkader(*, bron: Normkader, code: str, naam: str) -> Normkader:
    """Copy a Normkader with everything below it into a new concept version."""
    if Normkader.objects.filter(code=code).exists():
        raise NormkaderError(f"Er bestaat al een normkader met code {code!r}.")

    nieuw = Normkader.objects.create(
        code=code,
        naam=naam,
        status=Normkader.Status.CONCEPT,
        drempel_voldoende=bron.drempel_voldoende,
        voldoet_regel=bron.voldoet_regel,
        voldoet_aandeel=bron.voldoet_aandeel,
        afgeleid_van=bron,
        bronnen=bron.bronnen,
    )
    for model in (
        Schaalwaarde,
        HgwPrincipe,
        CyclusFase,
        Ondersteuningsniveau,
        LandelijkGemiddelde,
        Begrip,
        Uitleg,
        Ontwikkelstap,
        Kaartaspect,
    ):
        _copy_rows(model, model.objects.filter(normkader=bron), normkader=nieuw)

    oude_domeinen = list(bron.domeinen.all())
    nieuwe_domeinen = _copy_rows(Domein, oude_domeinen, normkader=nieuw)
    domein_map = {old.pk: new.pk for old, new in zip(oude_domeinen, nieuwe_domeinen, strict=True)}

    oude_groepen = list(bron.groepen.all())
    nieuwe_groepen = _copy_rows(
        Groep,
        oude_groepen,
        normkader=nieuw,
        domein_id=lambda g: domein_map.get(g.domein_id),
    )
    groep_map = {old.pk: new.pk for old, new in zip(oude_groepen, nieuwe_groepen, strict=True)}

    oude_items = list(Item.objects.filter(groep__normkader=bron))
    nieuwe_items = _copy_rows(Item, oude_items, groep_id=lambda i: groep_map[i.groep_id])
    item_map = {old.pk: new.pk for old, new in zip(oude_items, nieuwe_items, strict=True)}

    _copy_rows(
        Risicosignaal,
        Risicosignaal.objects.filter(groep__normkader=bron),
        groep_id=lambda s: groep_map[s.groep_id],
    )

    Shared = Groep.gedeelde_items.through
    Shared.objects.bulk_create(
        Shared(groep_id=groep_map[link.groep_id], item_id=item_map[link.item_id])
        for link in Shared.objects.filter(groep__normkader=bron)
    )
    # The concordantie of a copy is every row to its copy; editing the concept then changes
    # the lines that need it (ijkpunten/concordantie.py).
    for overgang, kaart in ((GroepOvergang, groep_map), (ItemOvergang, item_map)):
        overgang.objects.bulk_create(
            overgang(normkader=nieuw, oud_id=oud, nieuw_id=kopie, voorgesteld=True)
            for oud, kopie in kaart.items()
        )
    return nieuw


def establish_normkader(*, normkader: Normkader, op: datetime.date | None = None) -> Normkader:
    """Make a concept version the one in force from now on; from then on it is read-only."""
    if normkader.is_vastgesteld:
        raise NormkaderError(f"Normkader {normkader.code!r} is al vastgesteld.")
    # Every row of the earlier version and of this one must be on a line of the concordantie,
    # or a trend would lose an indicator without saying so (issue 18).
    if (punten := open_punten(normkader)).aantal:
        codes = [f"{i.groep.code} {i.code}" for i in punten.oude_items[:5]] + [
            g.code for g in punten.oude_groepen[:5]
        ]
        raise NormkaderError(
            ngettext(
                "The concordantie is not complete: %(n)d row has no line yet%(voorbeeld)s.",
                "The concordantie is not complete: %(n)d rows have no line yet%(voorbeeld)s.",
                punten.aantal,
            )
            % {"n": punten.aantal, "voorbeeld": f" ({', '.join(codes)})" if codes else ""}
        )
    normkader.status = Normkader.Status.VASTGESTELD
    normkader.vastgesteld_op = op or timezone.localdate()
    normkader.save(update_fields=["status", "vastgesteld_op"])
    return normkader
