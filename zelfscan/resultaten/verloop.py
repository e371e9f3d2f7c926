"""The trend of each indicator of a school, across rounds and versions of the norm (issue 18).

Each item of this round's scan is followed back through the concordantie of the norm
(``ijkpunten/concordantie.py``) into every earlier round of the school. Where the line runs
1:1 (the same or reworded item) the earlier score stands in the row; where the item was split,
merged or is new, the earlier score(s) of what it came from are shown with their own codes and
the row says why it breaks, so no line is drawn between scores of different indicators.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ijkpunten.concordantie import Concordantie
from ijkpunten.models import Item
from zelfscan.models import Antwoord, Zelfscan
from zelfscan.scans.structuur import structuur


@dataclass(frozen=True)
class Cel:
    tekst: str  # "3", "n.v.t.", "2 (ijkpunt-1 1.2) · 3 (ijkpunt-1 1.3)", ""
    breuk: bool = False


@dataclass
class Regel:
    groep: object
    item: Item
    cellen: list[Cel] = field(default_factory=list)
    breuk: str = ""


@dataclass
class Verloop:
    scan: Zelfscan
    jaren: list[str]
    versies: list[str]  # the norm's name per year
    regels: list[Regel]

    @property
    def breuken(self) -> int:
        return sum(1 for r in self.regels if r.breuk)


def _waarde(antwoord) -> str:
    if antwoord is None:
        return ""
    if antwoord["nvt"]:
        return _("n/a")
    return str(antwoord["score"]) if antwoord["score"] else ""


def verloop(user, scan: Zelfscan) -> Verloop:
    """``scan`` as the view found it for ``user``; the school's earlier scans as far as that
    person may see them. A fixed number of queries per version of the norm involved."""
    scans = list(
        Zelfscan.objects.for_user(user)
        .filter(school=scan.school_id, ronde__schooljaar__lte=scan.ronde.schooljaar)
        .select_related("ronde__normkader")
        .order_by("ronde__schooljaar")
    )
    antwoorden = {
        (a["scan_id"], a["item_id"]): a
        for a in Antwoord.objects.bevestigd()
        .filter(scan__in=scans)
        .values("scan_id", "item_id", "score", "nvt")
    }
    concordanties = {}
    for s in scans:
        versie = s.ronde.normkader_id
        if versie not in concordanties:
            concordanties[versie] = Concordantie.tussen(versie, scan.ronde.normkader_id)
    opbouw = structuur(scan)
    van_toepassing = set(opbouw.items)
    rijen = [
        (g, i)
        for deel in opbouw.delen
        for g in deel.groepen
        for i in deel.items_van(g, van_toepassing)
        if i.groep_id == g.pk
    ]
    bronnen = {
        bron for c in concordanties.values() for _g, i in rijen for bron in c.item(i.pk).bronnen
    }
    codes = {
        i["pk"]: f"{i['groep__code']} {i['code']}"
        for i in Item.objects.filter(pk__in=bronnen).values("pk", "code", "groep__code")
    }
    regels = []
    for groep, item in rijen:
        regel = Regel(groep, item)
        for s in scans:
            herkomst = concordanties[s.ronde.normkader_id].item(item.pk)
            if herkomst.doorlopend:
                regel.cellen.append(Cel(_waarde(antwoorden.get((s.pk, herkomst.enige_bron)))))
                continue
            regel.breuk = regel.breuk or herkomst.breuk
            delen = [
                f"{w} ({codes.get(b, '')})"
                for b in herkomst.bronnen
                if (w := _waarde(antwoorden.get((s.pk, b))))
            ]
            regel.cellen.append(Cel(" · ".join(delen), breuk=True))
        regels.append(regel)
    return Verloop(
        scan=scan,
        jaren=[s.ronde.schooljaar for s in scans],
        versies=[s.ronde.normkader.naam for s in scans],
        regels=regels,
    )
