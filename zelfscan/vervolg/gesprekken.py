"""The conversation about a released scan: the agenda drafted from the scan, and recording it.

The drafted agenda holds, in this order: the groups that do not voldoen, the items scored 1,
the items where the school's score differs a whole point or more from its team's median (issue
17; counted, never by name) or from what the consulent saw, the risk signals ticked, the
largest changes since the previous round, the themes where the school seeks expertise, and the
school's open development points past their deadline. The consulent edits it before the
conversation is recorded.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ijkpunten.concordantie import Concordantie
from zelfscan import meldingen
from zelfscan.access.rights import Rechten
from zelfscan.models import Ambitie, Antwoord, Gesprek, Ontwikkelpunt, Zelfscan
from zelfscan.resultaten import rekenregels as regels
from zelfscan.resultaten import totalen as res
from zelfscan.resultaten.grafieken import getal
from zelfscan.scans.antwoorden import AlleenLezen, Weigering
from zelfscan.team import teamoordeel
from zelfscan.vervolg import consulentoordeel

# A change of a group's mean since the previous round counts as large from this much on; the
# agenda names at most this many, largest first.
GROTE_VERANDERING = 0.5
MEESTE_VERANDERINGEN = 5


# The drafted agenda, most urgent first: development points past their deadline, then the
# groups that do not meet the norm (lowest mean first), the items scored 1, the risk signals,
# the large changes (falls first), the expertise the school seeks.
URGENTIE = ("ontwikkelpunt", "voldoet_niet", "score_1", "team", "consulent", "signaal",
            "verandering", "zoekt_expertise")  # fmt: skip


@dataclass(frozen=True)
class Agendapunt:
    soort: str  # one of URGENTIE
    tekst: str
    volgorde: float = 0  # within its kind: lower comes first


def _naam(groep) -> str:
    """A group's name inside a sentence: without the full stop some names of the norm end in."""
    return groep.naam.rstrip(". ")


def concept_agenda(*, scan: Zelfscan) -> list[Agendapunt]:
    ronde = scan.ronde
    regel = regels.Voldoetregel.van(ronde.normkader)
    groepen = res.groepen(ronde)
    tellingen = res.tellingen([scan.pk] + ([scan.vorige_id] if scan.vorige_id else []))
    punten = []
    nu = {g.pk: regels.uitslag(tellingen.get((scan.pk, g.pk), regels.Telling()), regel)
          for g in groepen}  # fmt: skip
    for groep in groepen:
        uitslag = nu[groep.pk]
        if uitslag.voldoet is False:
            telling = uitslag.telling
            onder = sum(n for score, n in zip(regels.SCHAAL, telling.per_score, strict=True)
                        if score < regel.drempel)  # fmt: skip
            punten.append(Agendapunt(
                "voldoet_niet",
                _("%(groep)s: does not meet the norm (mean %(gemiddelde)s; %(onder)s of %(n)s "
                  "indicators below the threshold).")
                % {"groep": _naam(groep), "gemiddelde": getal(uitslag.gemiddelde, 2),
                   "onder": onder, "n": telling.gescoord},
                volgorde=uitslag.gemiddelde or 0,
            ))  # fmt: skip
    for antwoord in (
        Antwoord.objects.bevestigd()
        .filter(scan=scan, score=1)
        .select_related("item__groep")
        .order_by("item__groep__soort", "item__groep__nummer", "item__volgorde")
    ):
        item = antwoord.item
        punten.append(Agendapunt(
            "score_1", _("Score 1 at %(code)s (%(groep)s): %(tekst)s")
            % {"code": item.code, "groep": _naam(item.groep), "tekst": item.tekst},
        ))  # fmt: skip
    punten += _team_verschillen(scan)
    punten += _consulent_verschillen(scan)
    for signaal in res.aangevinkte_signalen(scan):
        punten.append(Agendapunt(
            "signaal", _("Risk signal at %(groep)s: %(tekst)s")
            % {"groep": _naam(signaal.groep), "tekst": signaal.tekst},
        ))  # fmt: skip
    if scan.vorige_id:
        oud_per_groep = {
            groep_id: regels.uitslag(telling, regel).gemiddelde
            for (scan_id, groep_id), telling in tellingen.items()
            if scan_id == scan.vorige_id and groep_id is not None
        }
        # Last year's group is found through the concordantie of the norm: a group split or
        # merged since then has no one mean to compare with (ijkpunten/concordantie.py).
        concordantie = Concordantie.tussen(scan.vorige.ronde.normkader_id, ronde.normkader_id)
        veranderingen = []
        for groep in groepen:
            herkomst = concordantie.groep(groep.pk)
            bron = herkomst.enige_bron if herkomst.doorlopend else None
            oud, nieuw = oud_per_groep.get(bron), nu[groep.pk].gemiddelde
            if oud is not None and nieuw is not None and abs(nieuw - oud) >= GROTE_VERANDERING:
                veranderingen.append((abs(nieuw - oud), groep, oud, nieuw))
        veranderingen.sort(key=lambda v: (-v[0], v[1].naam))
        for _verschil, groep, oud, nieuw in veranderingen[:MEESTE_VERANDERINGEN]:
            tekst = (
                _("%(groep)s: risen from %(oud)s to %(nieuw)s since %(jaar)s.")
                if nieuw > oud
                else _("%(groep)s: fallen from %(oud)s to %(nieuw)s since %(jaar)s.")
            )
            punten.append(Agendapunt("verandering", tekst % {
                "groep": _naam(groep), "oud": getal(oud, 2), "nieuw": getal(nieuw, 2),
                "jaar": scan.vorige.ronde.schooljaar,
            }, volgorde=nieuw - oud))  # fmt: skip
    for ambitie in (
        Ambitie.objects.filter(scan=scan, expertise=Ambitie.Expertise.ZOEKT)
        .select_related("thema")
        .order_by("thema__nummer")
    ):
        punten.append(Agendapunt(
            "zoekt_expertise",
            _("The school seeks expertise: %(thema)s.") % {"thema": _naam(ambitie.thema)},
        ))  # fmt: skip
    vandaag = timezone.localdate()
    for punt in Ontwikkelpunt.objects.filter(
        school=scan.school_id, status__in=Ontwikkelpunt.OPEN, deadline__lt=vandaag
    ).order_by("deadline", "pk"):
        punten.append(Agendapunt(
            "ontwikkelpunt",
            _("Development point past its deadline (%(deadline)s): %(titel)s.")
            % {"deadline": f"{punt.deadline:%d-%m-%Y}", "titel": punt.titel.rstrip(". ")},
            volgorde=punt.deadline.toordinal(),
        ))  # fmt: skip
    # sorted() is stable: points of one kind and urgency keep the norm's order.
    return sorted(punten, key=lambda p: (URGENTIE.index(p.soort), p.volgorde))


def _team_verschillen(scan: Zelfscan) -> list[Agendapunt]:
    oordelen = teamoordeel.teamoordelen(scan)
    if not oordelen:
        return []
    punten = []
    for antwoord in (
        Antwoord.objects.bevestigd()
        .filter(scan=scan, item__in=oordelen)
        .select_related("item__groep")
        .order_by("item__groep__soort", "item__groep__nummer", "item__volgorde")
    ):
        oordeel = oordelen[antwoord.item_id]
        if not oordeel.wijkt_af(antwoord.score):
            continue
        tekst = _(
            "School and team differ at %(code)s (%(groep)s): the school %(school)s, the team's "
            "median %(mediaan)s of %(n)s ratings."
        ) % {
            "code": antwoord.item.code,
            "groep": _naam(antwoord.item.groep),
            "school": antwoord.score,
            "mediaan": getal(oordeel.mediaan, 1),
            "n": oordeel.aantal,
        }
        if antwoord.teamreden.strip():
            tekst += " " + _("The school's reason: %(reden)s") % {
                "reden": " ".join(antwoord.teamreden.split())
            }
        punten.append(Agendapunt("team", tekst))
    return punten


def _consulent_verschillen(scan: Zelfscan) -> list[Agendapunt]:
    punten = []
    for v in consulentoordeel.verschillen(scan):
        if v.is_groep:
            tekst = _(
                "School and consulent differ at %(groep)s: the school's mean %(school)s, the "
                "consulent saw %(consulent)s."
            ) % {"groep": _naam(v.groep), "school": getal(v.school, 2), "consulent": v.consulent}
        else:
            tekst = _(
                "School and consulent differ at %(code)s (%(groep)s): the school %(school)s, "
                "the consulent saw %(consulent)s."
            ) % {"code": v.code, "groep": _naam(v.groep), "school": int(v.school),
                 "consulent": v.consulent}  # fmt: skip
        if v.toelichting.strip():
            tekst += " " + " ".join(v.toelichting.split())
        punten.append(Agendapunt("consulent", tekst))
    return punten


def agenda_tekst(punten: list[Agendapunt]) -> str:
    return "\n".join(f"- {p.tekst}" for p in punten)


@transaction.atomic
def gesprek_vastleggen(
    *, scan: Zelfscan, door, datum: datetime.date, deelnemers: str, agenda: str,
    notities: str, afspraken: str, besproken: bool,
) -> Gesprek:  # fmt: skip
    """Record the conversation (as ``GesprekForm`` checked it); ``besproken``: mark the scan
    besproken with it."""
    from zelfscan.scans.workflow import transition

    scan = Zelfscan.objects.select_for_update().select_related("school").get(pk=scan.pk)
    if not Rechten.voor(door, scan).mag_gesprek_vastleggen(scan):
        raise AlleenLezen(
            _("Only the consulent records the conversation, after the scan has been released.")
        )
    if datum > timezone.localdate():
        raise Weigering(
            _("A conversation is recorded after it took place; the date lies in the future.")
        )
    gesprek = Gesprek.objects.create(
        scan=scan,
        datum=datum,
        deelnemers=deelnemers,
        agenda=agenda,
        notities=notities,
        afspraken=afspraken,
        vastgelegd_door=door,
    )
    if besproken and scan.status == Zelfscan.Status.VRIJGEGEVEN:
        transition(scan=scan, naar=Zelfscan.Status.BESPROKEN, door=door)
    meldingen.na_afloop("gesprek", gesprek.pk)
    return gesprek
