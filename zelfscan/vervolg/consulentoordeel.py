"""The consulent's own view (issue 17, part 2): optionally, per item or per group, what the
consulent saw in practice, on the norm's scale with a note. After the conversation the school
sees it beside its own score; differences of a point or more go on the agenda. It is never
part of a result: the roll-ups read the school's scores only (nothing in
``zelfscan/resultaten/`` reads this). The SWV sees per round how often school and consulent
differ per group.

A difference "of a point or more" (issue 17): for an item, between the school's score and the
consulent's; for a group, between the school's mean of the group and the consulent's score.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from zelfscan.access.rights import Rechten
from zelfscan.models import Antwoord, Consulentoordeel, Scanronde, Zelfscan
from zelfscan.resultaten import rekenregels as regels
from zelfscan.resultaten import totalen as res
from zelfscan.scans.antwoorden import AlleenLezen, Opgeslagen, Weigering, bewaar_versie
from zelfscan.scans.structuur import indeling, toegestaan

AFWIJKING = 1


def verschilt(school: float | None, consulent: int | None) -> bool:
    return school is not None and consulent is not None and abs(school - consulent) >= AFWIJKING


def sla_op(
    *, scan: Zelfscan, door, soort: str, ident: int, waarden: dict, basisversie,
    wijziging=None,
) -> Opgeslagen:  # fmt: skip
    """Store the consulent's view of one item (``soort`` "item") or group ("groep")."""
    with transaction.atomic():
        scan = (
            Zelfscan.objects.select_for_update(of=("self",))
            .select_related("school", "ronde__normkader")
            .get(pk=scan.pk)
        )
        if not Rechten.voor(door, scan).mag_consulentoordeel(scan):
            raise AlleenLezen(
                _("Only the school's consulent records a view, while the scan is discussed.")
            )
        if soort == "item":
            gevraagd = ident in toegestaan(scan).items
        else:
            gevraagd = ident in indeling(scan.ronde).voor(scan)
        if not gevraagd:
            raise Weigering(_("This is not part of this scan."))
        rij = Consulentoordeel.objects.filter(scan=scan, **{f"{soort}_id": ident}).first()
        return bewaar_versie(
            rij or Consulentoordeel(scan=scan, **{f"{soort}_id": ident}),
            waarden={**waarden, "gewijzigd_door": door}, basisversie=basisversie,
            wijziging=wijziging,
            conflict=_(
                "This has been changed in the meantime, by someone else or by you in another "
                "window or tab. Below is what is saved now; change it again if needed."
            ),
        )  # fmt: skip


@dataclass(frozen=True)
class Oordelen:
    """A scan's consulent views by item id and by group id."""

    items: dict
    groepen: dict

    @classmethod
    def van(cls, scan: Zelfscan, user) -> "Oordelen":
        """What ``user`` may see of them (nothing before they may)."""
        items, groepen = {}, {}
        for o in Consulentoordeel.objects.for_user(user).filter(scan=scan):
            (items if o.item_id else groepen)[o.item_id or o.groep_id] = o
        return cls(items, groepen)


@dataclass(frozen=True)
class Verschil:
    code: str  # the item's code, or the group's name
    groep: object
    school: float
    consulent: int
    toelichting: str
    is_groep: bool


def verschillen(scan: Zelfscan) -> list[Verschil]:
    """Where school and consulent differ a point or more: the items in the norm's order, then
    the groups (against the school's mean)."""
    oordelen = list(
        Consulentoordeel.objects.filter(scan=scan, score__isnull=False).select_related(
            "item__groep", "groep"
        )
    )
    if not oordelen:
        return []
    scores = dict(
        Antwoord.objects.bevestigd()
        .filter(scan=scan, item__in=[o.item_id for o in oordelen if o.item_id])
        .values_list("item_id", "score")
    )
    regel = regels.Voldoetregel.van(scan.ronde.normkader)
    tellingen = res.tellingen([scan.pk])
    result = []
    for o in sorted(oordelen, key=_volgorde):
        if o.item_id:
            school, code, groep = scores.get(o.item_id), o.item.code, o.item.groep
        else:
            telling = tellingen.get((scan.pk, o.groep_id), regels.Telling())
            school, code, groep = regels.uitslag(telling, regel).gemiddelde, o.groep.naam, o.groep
        if verschilt(school, o.score):
            result.append(Verschil(code, groep, school, o.score, o.toelichting, not o.item_id))
    return result


def _volgorde(o: Consulentoordeel):
    if o.item_id:
        return (0, o.item.groep.soort, o.item.groep.nummer, o.item.volgorde)
    return (1, o.groep.soort, o.groep.nummer, 0)


@dataclass(frozen=True)
class Groepsverschil:
    groep: object
    met_oordeel: int  # scans where the consulent recorded a view in this group
    verschillend: int  # of those, where school and consulent differ a point or more


def verschillen_per_groep(ronde: Scanronde) -> list[Groepsverschil]:
    """For the SWV: per group of the round, how often the consulent recorded a view and how
    often it differs from the school's. Released scans only; a fixed number of queries."""
    vrij = Zelfscan.objects.filter(ronde=ronde, status__in=Zelfscan.VRIJGEGEVEN_EN_LATER)
    rijen = list(
        Consulentoordeel.objects.filter(scan__in=vrij, score__isnull=False)
        .annotate(
            school=Subquery(
                Antwoord.objects.bevestigd()
                .filter(scan=OuterRef("scan"), item=OuterRef("item"))
                .values("score")[:1]
            )
        )
        .values_list("scan_id", "item__groep_id", "groep_id", "score", "school")
    )
    if not rijen:
        return []
    regel = regels.Voldoetregel.van(ronde.normkader)
    tellingen = res.tellingen(sorted({r[0] for r in rijen if r[2]}))
    met, anders = defaultdict(set), defaultdict(set)
    for scan_id, item_groep, groep_id, consulent, school in rijen:
        groep = groep_id or item_groep
        if groep_id:
            telling = tellingen.get((scan_id, groep_id), regels.Telling())
            school = regels.uitslag(telling, regel).gemiddelde
        met[groep].add(scan_id)
        if verschilt(school, consulent):
            anders[groep].add(scan_id)
    return [
        Groepsverschil(g, len(met[g.pk]), len(anders[g.pk]))
        for g in res.groepen(ronde)
        if g.pk in met
    ]
