"""A school's development plan: points linked to a group or indicator of the norm, with a SMART
goal, actions, an owner, a deadline and a status; dated notes (the school's progress, the
consulent's comments); and the seven steps of the Ontwikkelprogramma HGW (003).

Who does what: the school keeps its plan, the consulent comments, the board and the SWV read.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from ijkpunten.models import Groep, Item
from zelfscan.access.rights import Rechten
from zelfscan.models import Notitie, Ontwikkelpunt, School, Trajectstap, Zelfscan
from zelfscan.scans.antwoorden import AlleenLezen, Weigering, tekstveld


def _mag_bewerken(door, school: School):
    if not Rechten.voor_school(door, school).mag_plan_bewerken():
        raise AlleenLezen("Alleen de school zelf werkt het ontwikkelplan bij.")


def _koppeling(*, scan: Zelfscan | None, koppeling: str):
    """'groep:<id>' or 'item:<id>', of the norm of the scan the point follows."""
    soort, _, ident = (koppeling or "").partition(":")
    if not ident.isdigit() or soort not in ("groep", "item"):
        raise Weigering("Kies het ijkpunt, thema of de indicator waar het punt over gaat.")
    normkader = scan.ronde.normkader_id if scan else None
    if soort == "groep":
        groep = Groep.objects.filter(pk=int(ident))
        groep = (groep.filter(normkader=normkader) if normkader else groep).first()
        if groep is None:
            raise Weigering("Dit onderdeel hoort niet bij de norm van deze scan.")
        return groep, None
    item = Item.objects.filter(pk=int(ident)).select_related("groep")
    item = (item.filter(groep__normkader=normkader) if normkader else item).first()
    if item is None:
        raise Weigering("Deze indicator hoort niet bij de norm van deze scan.")
    return item.groep, item


def punt_toevoegen(
    *, school: School, door, scan: Zelfscan | None, koppeling: str, titel: str, doel: str,
    acties: str, eigenaar: str, deadline: datetime.date | None,
) -> Ontwikkelpunt:  # fmt: skip
    _mag_bewerken(door, school)
    groep, item = _koppeling(scan=scan, koppeling=koppeling)
    if deadline is None:
        raise Weigering("Vul een deadline in (dd-mm-jjjj).")
    return Ontwikkelpunt.objects.create(
        school=school,
        scan=scan,
        groep=None if item else groep,
        item=item,
        titel=tekstveld(titel, "een titel", 200),
        doel=tekstveld(doel, "het SMART-doel", 5000),
        acties=tekstveld(acties, "de acties", 5000),
        eigenaar=tekstveld(eigenaar, "een eigenaar", 200),
        deadline=deadline,
        aangemaakt_door=door,
    )


@transaction.atomic
def status_wijzigen(
    *, punt: Ontwikkelpunt, door, status: str, toelichting: str = ""
) -> Ontwikkelpunt:
    """A new status, with a progress note that says so (and why, if given)."""
    _mag_bewerken(door, punt.school)
    if status not in Ontwikkelpunt.Status.values:
        raise Weigering("Kies een status: gepland, bezig, afgerond of gestopt.")
    if status == punt.status:
        return punt
    oud = punt.get_status_display()
    punt.status = status
    punt.save(update_fields=["status"])
    tekst = f"Status: {oud} → {punt.get_status_display()}."
    if toelichting := tekstveld(toelichting, "de toelichting", 4000, verplicht=False):
        tekst += f" {toelichting}"
    Notitie.objects.create(
        ontwikkelpunt=punt, soort=Notitie.Soort.VOORTGANG, datum=timezone.localdate(),
        tekst=tekst, door=door,
    )  # fmt: skip
    return punt


def notitie_toevoegen(
    *, punt: Ontwikkelpunt, door, tekst: str, datum: datetime.date | None
) -> Notitie:
    """The school notes progress; the consulent comments; the board reads."""
    rechten = Rechten.voor_school(door, punt.school)
    if rechten.mag_plan_bewerken():
        soort = Notitie.Soort.VOORTGANG
    elif rechten.mag_plan_opmerken():
        soort = Notitie.Soort.OPMERKING
    else:
        raise AlleenLezen("U kunt dit ontwikkelplan lezen, niet aanvullen.")
    if datum is None:
        raise Weigering("Vul een datum in (dd-mm-jjjj).")
    return Notitie.objects.create(
        ontwikkelpunt=punt, soort=soort, datum=datum, tekst=tekstveld(tekst, "een tekst", 5000),
        door=door,
    )  # fmt: skip


def stap_vastleggen(
    *, school: School, door, stap: int, datum: datetime.date | None, resultaat: str
) -> Trajectstap:
    _mag_bewerken(door, school)
    if stap not in Trajectstap.Stap.values:
        raise Weigering("Onbekende stap van het ontwikkelprogramma.")
    rij, _ = Trajectstap.objects.update_or_create(
        school=school, stap=stap,
        defaults={"datum": datum, "resultaat": tekstveld(resultaat, "het resultaat", 2000,
                                                      verplicht=False)},
    )  # fmt: skip
    return rij
