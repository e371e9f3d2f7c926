"""A school's development plan: points linked to a group or indicator of the norm, with a SMART
goal, actions, an owner, a deadline and a status; dated notes (the school's progress, the
consulent's comments); and the seven steps of the Ontwikkelprogramma HGW (003).

Who does what: the school keeps its plan, the consulent comments, the board and the SWV read.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ijkpunten.models import Groep, Item
from zelfscan.access.rights import Rechten
from zelfscan.models import Notitie, Ontwikkelpunt, School, Trajectstap, Zelfscan
from zelfscan.scans.antwoorden import AlleenLezen, Weigering


def _mag_bewerken(door, school: School):
    if not Rechten.voor_school(door, school).mag_plan_bewerken():
        raise AlleenLezen(_("Only the school itself keeps the development plan up to date."))


def _koppeling(*, scan: Zelfscan | None, koppeling: str):
    """'groep:<id>' or 'item:<id>' (as ``OntwikkelpuntForm`` checked it), of the norm of the
    scan the point follows."""
    soort, _sep, ident = koppeling.partition(":")
    normkader = scan.ronde.normkader_id if scan else None
    if soort == "groep":
        groep = Groep.objects.filter(pk=int(ident))
        groep = (groep.filter(normkader=normkader) if normkader else groep).first()
        if groep is None:
            raise Weigering(_("This part is not part of the norm of this scan."))
        return groep, None
    item = Item.objects.filter(pk=int(ident)).select_related("groep")
    item = (item.filter(groep__normkader=normkader) if normkader else item).first()
    if item is None:
        raise Weigering(_("This indicator is not part of the norm of this scan."))
    return item.groep, item


def punt_toevoegen(
    *, school: School, door, scan: Zelfscan | None, koppeling: str, titel: str, doel: str,
    acties: str, eigenaar: str, deadline: datetime.date,
) -> Ontwikkelpunt:  # fmt: skip
    """The values as ``OntwikkelpuntForm`` checked them."""
    _mag_bewerken(door, school)
    groep, item = _koppeling(scan=scan, koppeling=koppeling)
    return Ontwikkelpunt.objects.create(
        school=school,
        scan=scan,
        groep=None if item else groep,
        item=item,
        titel=titel,
        doel=doel,
        acties=acties,
        eigenaar=eigenaar,
        deadline=deadline,
        aangemaakt_door=door,
    )


@transaction.atomic
def status_wijzigen(
    *, punt: Ontwikkelpunt, door, status: str, toelichting: str = ""
) -> Ontwikkelpunt:
    """A new status, with a progress note that says so (and why, if given); as
    ``StatusForm`` checked them."""
    _mag_bewerken(door, punt.school)
    if status == punt.status:
        return punt
    oud = punt.get_status_display()
    punt.status = status
    punt.save(update_fields=["status"])
    tekst = f"Status: {oud} → {punt.get_status_display()}."
    if toelichting:
        tekst += f" {toelichting}"
    Notitie.objects.create(
        ontwikkelpunt=punt, soort=Notitie.Soort.VOORTGANG, datum=timezone.localdate(),
        tekst=tekst, door=door,
    )  # fmt: skip
    return punt


def notitie_toevoegen(*, punt: Ontwikkelpunt, door, tekst: str, datum: datetime.date) -> Notitie:
    """The school notes progress; the consulent comments; the board reads."""
    rechten = Rechten.voor_school(door, punt.school)
    if rechten.mag_plan_bewerken():
        soort = Notitie.Soort.VOORTGANG
    elif rechten.mag_plan_opmerken():
        soort = Notitie.Soort.OPMERKING
    else:
        raise AlleenLezen(_("You can read this development plan, not add to it."))
    return Notitie.objects.create(
        ontwikkelpunt=punt, soort=soort, datum=datum, tekst=tekst, door=door
    )


def stap_vastleggen(
    *, school: School, door, stap: int, datum: datetime.date | None, resultaat: str
) -> Trajectstap:
    _mag_bewerken(door, school)
    """One step of the programme (``Trajectstap.Stap``), as ``StappenForm`` checked it."""
    rij, _created = Trajectstap.objects.update_or_create(
        school=school, stap=stap, defaults={"datum": datum, "resultaat": resultaat}
    )
    return rij
