"""Last round beside this round's items, so a school scores with last year in sight (issue 14).

An item finds last round's indicator through the concordantie of the two versions of the norm
(``ijkpunten/concordantie.py``, issue 18): the same or reworded item, or the item it was split
from. A merged item has no one predecessor, so it shows none; a new one neither.
"""

from dataclasses import dataclass

from ijkpunten.concordantie import Concordantie
from zelfscan.models import Antwoord, Ontwikkelpunt, Zelfscan


@dataclass(frozen=True)
class VorigeRonde:
    """The school's previous scan as this person may see it, and how its norm leads to this
    scan's."""

    scan_id: int
    schooljaar: str
    concordantie: Concordantie

    def bronnen(self, items) -> dict[int, int]:
        """{item id of this scan: the one item of last round's norm it continues or was split
        from}."""
        uit = {}
        for item in items:
            pk = item if isinstance(item, int) else item.pk
            if (bron := self.concordantie.item(pk).enige_bron) is not None:
                uit[pk] = bron
        return uit

    def breuken(self, items) -> dict[int, str]:
        """{item id: why its line to last round breaks} for split, merged and new items."""
        uit = {}
        for item in items:
            herkomst = self.concordantie.item(item.pk)
            if not herkomst.doorlopend and self.concordantie.verband:
                uit[item.pk] = herkomst.breuk
        return uit


def vorige_ronde(user, scan: Zelfscan) -> VorigeRonde | None:
    """One query (none without a previous scan), and the concordantie's three when last round
    used another version of the norm."""
    if scan.vorige_id is None:
        return None
    rij = (
        Zelfscan.objects.for_user(user)
        .filter(pk=scan.vorige_id)
        .values_list("ronde__schooljaar", "ronde__normkader_id")
        .first()
    )
    if rij is None:
        return None
    schooljaar, normkader_id = rij
    return VorigeRonde(
        scan.vorige_id, schooljaar, Concordantie.tussen(normkader_id, scan.ronde.normkader_id)
    )


@dataclass(frozen=True)
class VorigAntwoord:
    schooljaar: str
    score: int | None
    nvt: bool
    toelichting: str
    # Set when this item was split from last round's: "split from ijkpunt-1 1.2: ...".
    breuk: str = ""


def vorige_antwoorden(user, scan: Zelfscan, items) -> dict[int, VorigAntwoord]:
    """{item id of this scan: last round's answer} for the items of one page; empty when the
    school had no scan last round or this person may not see it."""
    if not items or (vorige := vorige_ronde(user, scan)) is None:
        return {}
    bronnen = vorige.bronnen(items)
    per_bron = {
        a.item_id: a
        for a in Antwoord.objects.filter(scan_id=vorige.scan_id, item_id__in=bronnen.values())
        .exclude(score__isnull=True, nvt=False, toelichting="")
        .only("item_id", "score", "nvt", "toelichting")
    }
    result = {}
    for pk, bron in bronnen.items():
        if (a := per_bron.get(bron)) is not None:
            herkomst = vorige.concordantie.item(pk)
            breuk = "" if herkomst.doorlopend else herkomst.breuk
            result[pk] = VorigAntwoord(vorige.schooljaar, a.score, a.nvt, a.toelichting, breuk)
    # A merged or new item has no one answer of last round: it says why instead.
    for pk, breuk in vorige.breuken(i for i in items if i.pk not in bronnen).items():
        result[pk] = VorigAntwoord(vorige.schooljaar, None, False, "", breuk)
    return result


def opvolgers_van_punt(punt, concordanties: dict, normkader_id: int, items, groepen):
    """The ids among ``items`` (or ``groepen``, for a point on a group) of version
    ``normkader_id`` that a development point's indicator or group became; ``concordanties``
    caches one Concordantie per version the points were set against."""
    versie = punt.item.groep.normkader_id if punt.item_id else punt.groep.normkader_id
    if versie not in concordanties:
        concordanties[versie] = Concordantie.tussen(versie, normkader_id)
    c = concordanties[versie]
    if punt.item_id:
        return c.opvolgers({punt.item_id}, items).get(punt.item_id, [])
    return c.groep_opvolgers({punt.groep_id}, groepen).get(punt.groep_id, [])


def open_ontwikkelpunten(scan: Zelfscan, deel, van_toepassing) -> dict:
    """The school's open development points beside the groups and items they concern. A point
    set against an earlier version of the norm follows the concordantie: to each item its
    indicator was split into, to the item it was merged into."""
    punten = list(
        Ontwikkelpunt.objects.filter(school=scan.school_id, status__in=Ontwikkelpunt.OPEN)
        .select_related("groep", "item__groep")
        .order_by("deadline", "pk")
    )
    if not punten:
        return {"punten_bij_item": {}, "punten_bij_groep": {}}
    items = list(
        dict.fromkeys(i.pk for g in deel.groepen for i in deel.items_van(g, van_toepassing))
    )
    groepen = [g.pk for g in deel.groepen]
    concordanties, bij_item, bij_groep = {}, {}, {}
    for punt in punten:
        doel = bij_item if punt.item_id else bij_groep
        for pk in opvolgers_van_punt(punt, concordanties, scan.ronde.normkader_id, items, groepen):
            doel.setdefault(pk, []).append(punt)
    return {"punten_bij_item": bij_item, "punten_bij_groep": bij_groep}
