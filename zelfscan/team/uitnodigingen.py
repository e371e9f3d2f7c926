"""The school asks colleagues to rate parts of its scan: invite, withdraw, send again.

Keyword-only; the caller has found the scan through ``for_user``. Only the school's IB-er or
directeur invites, and only while the scan is a concept (after that its answer is final). A
link is a random key of 256 bits; only its hash is stored, and sending again makes a new key,
so an old or forwarded link stops working.
"""

import datetime
import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zelfscan.access.rights import Rechten
from zelfscan.models import Scanronde, Teamuitnodiging, Zelfscan
from zelfscan.models.team import sleutel_hash
from zelfscan.scans.antwoorden import AlleenLezen, Weigering


def mag_uitnodigen(user, scan: Zelfscan) -> bool:
    return Rechten.voor(user, scan).mag_invullen(scan)


def _check(door, scan: Zelfscan):
    if scan.status != Zelfscan.Status.CONCEPT:
        raise AlleenLezen(_("Colleagues can only be asked while the scan is a concept."))
    if not mag_uitnodigen(door, scan):
        raise AlleenLezen(_("Only the school's IB-er or directeur asks colleagues to rate."))
    if scan.team_gesloten_op is not None:
        # A change after the view is shown would show what one person rated (issue 28).
        raise AlleenLezen(
            _(
                "The team's rating is closed: nobody can be invited, withdrawn or sent a link "
                "again, so that the team's view never changes by one person."
            )
        )


@transaction.atomic
def sluit(*, scan: Zelfscan, door) -> bool:
    """Close the team's rating window, for good: the links stop working and the team's view
    is shown, as it is now, from then on. Returns whether it was open (the same request
    twice closes once)."""
    scan = Zelfscan.objects.select_for_update().get(pk=scan.pk)
    if scan.team_gesloten_op is not None:
        return False
    _check(door, scan)
    scan.team_gesloten_op = timezone.now()
    scan.save(update_fields=["team_gesloten_op", "gewijzigd_op"])
    return True


def _verstuur(uitnodiging: Teamuitnodiging, *, door) -> None:
    """A new key, and the link to it by mail (sent once the transaction commits)."""
    sleutel = secrets.token_urlsafe(32)
    uitnodiging.sleutel_hash = sleutel_hash(sleutel)
    uitnodiging.verstuurd_op = timezone.now()
    uitnodiging.ingetrokken_op = None
    uitnodiging.uitgenodigd_door = door
    uitnodiging.save()
    url = reverse("team:beoordelen", kwargs={"sleutel": sleutel})
    _mail(uitnodiging, door=door, tekst="team/uitnodiging.txt",
          url=settings.BASIS_URL.rstrip("/") + url)  # fmt: skip


def _mail(uitnodiging: Teamuitnodiging, *, door, tekst: str, **extra) -> None:
    """A mail to the colleague (sent once the transaction commits)."""
    scan = uitnodiging.scan
    context = {
        "uitnodiging": uitnodiging,
        "school": scan.school.naam,
        "jaar": scan.ronde.schooljaar,
        "door": door.get_full_name() or door.email,
        **extra,
    }
    send_mail(
        subject=render_to_string("team/uitnodiging_onderwerp.txt", context).strip(),
        message=render_to_string(tekst, context),
        from_email=None,
        recipient_list=[uitnodiging.email],
    )


@transaction.atomic
def nodig_uit(
    *,
    scan: Zelfscan,
    door,
    collegas: list[tuple[str, str]],
    onderdelen: list[str],
    geldig_tot: datetime.date,
) -> list[Teamuitnodiging]:
    """Invite each colleague (name, address) to rate these parts. A colleague invited before
    (the same address) keeps their ratings and gets the new parts besides the old: with a new
    link if theirs was withdrawn, else with the link they have (the same request twice sends
    one link)."""
    scan = Zelfscan.objects.select_for_update().select_related("ronde", "school").get(pk=scan.pk)
    _check(door, scan)
    if geldig_tot < timezone.localdate():
        raise Weigering(_("The link must be valid until today or later."))
    onbekend = set(onderdelen) - set(scan.ronde.onderdelen)
    if onbekend or not onderdelen:
        raise Weigering(_("Choose one or more parts of this scan."))
    bestaand = {
        u.email.lower(): u
        for u in Teamuitnodiging.objects.filter(
            scan=scan, email__in=[email.lower() for _naam, email in collegas]
        )
    }
    result = []
    for naam, email in collegas:
        uitnodiging = bestaand.get(email.lower()) or Teamuitnodiging(scan=scan, email=email.lower())
        uitnodiging.scan = scan
        voor = (uitnodiging.naam, list(uitnodiging.onderdelen), uitnodiging.geldig_tot)
        uitnodiging.naam = naam
        uitnodiging.onderdelen = [
            o for o in scan.ronde.onderdelen if o in {*uitnodiging.onderdelen, *onderdelen}
        ]
        uitnodiging.geldig_tot = max(geldig_tot, uitnodiging.geldig_tot or geldig_tot)
        if uitnodiging.pk is None or uitnodiging.ingetrokken:
            _verstuur(uitnodiging, door=door)
        elif voor != (uitnodiging.naam, uitnodiging.onderdelen, uitnodiging.geldig_tot):
            # Invited already, with a link that works: it keeps working (a second click on
            # "send" must not make the first mail's link useless); the colleague is told what
            # it now covers.
            uitnodiging.save(update_fields=["naam", "onderdelen", "geldig_tot"])
            _meld_wijziging(uitnodiging, door=door)
        result.append(uitnodiging)
    return result


def _meld_wijziging(uitnodiging: Teamuitnodiging, *, door) -> None:
    onderdelen = [str(Scanronde.Onderdeel(o).label) for o in uitnodiging.onderdelen]
    _mail(uitnodiging, door=door, tekst="team/gewijzigd.txt", onderdelen=onderdelen)


@transaction.atomic
def trek_in(*, uitnodiging: Teamuitnodiging, door) -> None:
    """The link stops working at once; what this colleague rated so far still counts (taking
    it back would show, by the difference, what they rated)."""
    _check(door, uitnodiging.scan)
    Teamuitnodiging.objects.filter(pk=uitnodiging.pk, ingetrokken_op__isnull=True).update(
        ingetrokken_op=timezone.now()
    )


@transaction.atomic
def stuur_opnieuw(*, uitnodiging: Teamuitnodiging, door, geldig_tot: datetime.date) -> None:
    """A new link (the old one stops working), valid until the date given; a withdrawn
    invitation is active again, with the ratings given before."""
    _check(door, uitnodiging.scan)
    if geldig_tot < timezone.localdate():
        raise Weigering(_("The link must be valid until today or later."))
    uitnodiging.geldig_tot = geldig_tot
    _verstuur(uitnodiging, door=door)
