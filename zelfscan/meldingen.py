"""Notifications that keep a round moving (issue 16, part 4). Who is told what:

- a scan submitted: its board; released: its consulent; sent back or commented on: its
  school (IB-er and directeur); a conversation recorded: the school and the board;
- the deadline in 14 and in 3 days: the schools not yet submitted, and the SWV-beheerder a
  summary of them;
- a development point past its deadline: its school.

Nobody is told of what they did themselves. Each person is told of one thing once (a key per
thing), in the application and, unless they chose otherwise per kind, by e-mail (plain text
and HTML, with a link). The events come from the services as a job (``zelfscan/tasks.py``),
never in the request; the reminders from ``manage.py periodiek``, safe to run twice.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zelfscan.models import (
    Gesprek,
    Melding,
    Meldingsvoorkeur,
    Ontwikkelpunt,
    Opmerking,
    Rol,
    Scanronde,
    Statusovergang,
    User,
    Zelfscan,
)

Soort = Melding.Soort
SCHOOL = (Rol.Soort.IB_ER, Rol.Soort.DIRECTEUR)
# The reminders before a round's deadline, in days.
HERINNERINGEN = (14, 3)


def na_afloop(soort: str, pk: int) -> None:
    """Have the notifications of an event made by a job once the transaction that wrote the
    event commits (``soort``: "overgang", "opmerking", "gesprek"; ``pk``: the row)."""
    from zelfscan.tasks import meld

    transaction.on_commit(lambda: meld.enqueue(soort, pk))


def meld_gebeurtenis(soort: str, pk: int) -> int:
    """The notifications of one event; returns how many were new."""
    return {"overgang": _overgang, "opmerking": _opmerking, "gesprek": _gesprek}[soort](pk)


# --- the events


def _overgang(pk: int) -> int:
    overgang = (
        Statusovergang.objects.select_related("scan__school", "scan__ronde", "door")
        .filter(pk=pk)
        .first()
    )
    if overgang is None:
        return 0
    scan, S = overgang.scan, Zelfscan.Status
    school = scan.school
    pad = reverse("zelfscan:scan", kwargs={"pk": scan.pk})
    if overgang.naar == S.INGEDIEND:
        soort, ontvangers = Soort.INGEDIEND, _bestuursrollen(school)
        titel = _("%(school)s submitted its self-assessment %(jaar)s")
    elif overgang.naar == S.VRIJGEGEVEN:
        soort, ontvangers = (
            Soort.VRIJGEGEVEN,
            _rollen(school=school.pk, soorten=[Rol.Soort.CONSULENT]),
        )
        titel = _("The self-assessment %(jaar)s of %(school)s is released to you")
    elif overgang.naar == S.CONCEPT:
        soort, ontvangers = Soort.TERUGGESTUURD, _rollen(school=school.pk, soorten=SCHOOL)
        titel = _("Your self-assessment %(jaar)s was sent back")
    else:
        return 0
    return meld(
        soort=soort, ontvangers=ontvangers, door=overgang.door, pad=pad, sleutel=f"overgang:{pk}",
        titel=titel % {"school": school.naam, "jaar": scan.ronde.schooljaar},
        tekst=overgang.reden,
    )  # fmt: skip


def _opmerking(pk: int) -> int:
    opmerking = (
        Opmerking.objects.select_related("scan__school", "scan__ronde", "door")
        .filter(pk=pk)
        .first()
    )
    if opmerking is None:
        return 0
    scan = opmerking.scan
    return meld(
        soort=Soort.OPMERKING, ontvangers=_rollen(school=scan.school_id, soorten=SCHOOL),
        door=opmerking.door, sleutel=f"opmerking:{pk}",
        pad=reverse("zelfscan:scan_deel", kwargs={"pk": scan.pk, "deel": opmerking.onderdeel}),
        titel=_("A comment on your self-assessment %(jaar)s") % {"jaar": scan.ronde.schooljaar},
        tekst=opmerking.tekst,
    )  # fmt: skip


def _gesprek(pk: int) -> int:
    gesprek = (
        Gesprek.objects.select_related("scan__school", "scan__ronde", "vastgelegd_door")
        .filter(pk=pk)
        .first()
    )
    if gesprek is None:
        return 0
    school = gesprek.scan.school
    ontvangers = _rollen(school=school.pk, soorten=SCHOOL) + _bestuursrollen(school)
    return meld(
        soort=Soort.GESPREK,
        ontvangers=ontvangers,
        door=gesprek.vastgelegd_door, sleutel=f"gesprek:{pk}",
        pad=reverse("zelfscan:gesprek", kwargs={"pk": gesprek.scan_id}),
        titel=_("The conversation about the self-assessment %(jaar)s of %(school)s is recorded")
        % {"jaar": gesprek.scan.ronde.schooljaar, "school": school.naam},
        tekst=gesprek.afspraken,
    )  # fmt: skip


# --- the reminders (manage.py periodiek)


def herinner(*, vandaag: datetime.date | None = None) -> int:
    """Before each open round's deadline, 14 and 3 days ahead: the schools not yet submitted,
    and a summary to the SWV's beheerder; a development point past its deadline: its school.
    Each once; returns how many notifications were new."""
    vandaag = vandaag or timezone.localdate()
    nieuw = 0
    for ronde in Scanronde.objects.filter(deadline__gte=vandaag).select_related("swv"):
        over = (ronde.deadline - vandaag).days
        dagen = min((d for d in HERINNERINGEN if over <= d), default=None)
        if dagen is None:
            continue
        scans = list(ronde.scans.filter(status=Zelfscan.Status.CONCEPT).select_related("school"))
        mensen = _per_school({s.school_id for s in scans})
        for scan in scans:
            nieuw += meld(
                soort=Soort.DEADLINE, ontvangers=mensen.get(scan.school_id, []),
                sleutel=f"deadline:{scan.pk}:{dagen}",
                pad=reverse("zelfscan:scan", kwargs={"pk": scan.pk}),
                titel=_("Your self-assessment %(jaar)s is due in %(n)s days (%(datum)s)")
                % {"jaar": ronde.schooljaar, "n": over, "datum": _datum(ronde.deadline)},
            )  # fmt: skip
        if scans:
            nieuw += meld(
                soort=Soort.DEADLINE_OVERZICHT,
                ontvangers=_rollen(swv=ronde.swv_id, soorten=Rol.SWV_ROLLEN),
                sleutel=f"deadline-overzicht:{ronde.pk}:{dagen}",
                pad=reverse("zelfscan:ronde", kwargs={"pk": ronde.pk}),
                titel=ngettext(
                    "%(n)s school has not submitted its self-assessment %(jaar)s; the "
                    "deadline is %(datum)s",
                    "%(n)s schools have not submitted their self-assessment %(jaar)s; the "
                    "deadline is %(datum)s", len(scans),
                ) % {"n": len(scans), "jaar": ronde.schooljaar, "datum": _datum(ronde.deadline)},
                tekst="\n".join(s.school.naam for s in scans),
            )  # fmt: skip
    for punt in Ontwikkelpunt.objects.filter(
        status__in=Ontwikkelpunt.OPEN, deadline__lt=vandaag
    ).select_related("school"):
        nieuw += meld(
            soort=Soort.ONTWIKKELPUNT, ontvangers=_rollen(school=punt.school_id, soorten=SCHOOL),
            sleutel=f"ontwikkelpunt:{punt.pk}:{punt.deadline}",
            pad=reverse("zelfscan:ontwikkelplan", kwargs={"pk": punt.school_id}),
            titel=_("Development point “%(titel)s” is past its deadline (%(datum)s)")
            % {"titel": punt.titel, "datum": _datum(punt.deadline)},
        )  # fmt: skip
    return nieuw


# --- telling


def _datum(d: datetime.date) -> str:
    return date_format(d, "j F Y")


def _rollen(*, soorten, **organisatie) -> list[User]:
    """The active people with one of ``soorten`` of roles for the organisation (``school=``,
    ``swv=``, or ``bestuur=`` with ``swv=``)."""
    return list(
        User.objects.filter(
            rollen__soort__in=soorten,
            is_active=True,
            **{f"rollen__{k}": v for k, v in organisatie.items()},
        ).distinct()
    )


def _bestuursrollen(school) -> list[User]:
    """The school's board's people given their role by the school's SWV (a board with schools
    in two SWVs has people of each; the other SWV's are not told)."""
    return _rollen(soorten=Rol.BESTUURSROLLEN, bestuur=school.bestuur_id, swv=school.swv_id)


def _per_school(scholen: set[int]) -> dict[int, list[User]]:
    """The school's people (``_rollen(school=...)``) of many schools, in one query."""
    per_school = {}
    for rol in Rol.objects.filter(
        school__in=scholen, soort__in=SCHOOL, user__is_active=True
    ).select_related("user"):
        per_school.setdefault(rol.school_id, {})[rol.user_id] = rol.user
    return {school: list(mensen.values()) for school, mensen in per_school.items()}


def meld(*, soort, ontvangers: Iterable[User], titel: str, pad: str, sleutel: str,
         tekst: str = "", door=None) -> int:  # fmt: skip
    """Tell each recipient (but the one who did it) once, as they chose for this kind."""
    ontvangers = {u.pk: u for u in ontvangers if door is None or u.pk != door.pk}
    kanalen = dict(
        Meldingsvoorkeur.objects.filter(user__in=ontvangers, soort=soort).values_list(
            "user_id", "kanaal"
        )
    )
    nieuw = 0
    for user in ontvangers.values():
        kanaal = kanalen.get(user.pk, Meldingsvoorkeur.Kanaal.EMAIL)
        if kanaal == Meldingsvoorkeur.Kanaal.GEEN:
            continue
        try:
            with transaction.atomic():
                melding = Melding.objects.create(
                    ontvanger=user, soort=soort, titel=titel[:200], tekst=tekst, pad=pad,
                    sleutel=sleutel,
                )  # fmt: skip
        except IntegrityError:
            continue  # told already (a job run twice, the reminder command run twice)
        nieuw += 1
        if kanaal == Meldingsvoorkeur.Kanaal.EMAIL and user.email:
            _mail(melding)
    return nieuw


def _mail(melding: Melding) -> None:
    context = {
        "melding": melding,
        "url": settings.BASIS_URL.rstrip("/") + melding.pad,
        "instellingen": settings.BASIS_URL.rstrip("/") + reverse("zelfscan:meldingvoorkeuren"),
    }
    with translation.override("nl"):
        bericht = EmailMultiAlternatives(
            subject=melding.titel,
            body=render_to_string("meldingen/mail.txt", context),
            to=[melding.ontvanger.email],
        )
        bericht.attach_alternative(render_to_string("meldingen/mail.html", context), "text/html")
    bericht.send()  # through the mail job (zelfscan/mail.py)


def voorkeuren_opslaan(*, user, kanalen: dict[str, str]) -> None:
    """How the person wants each kind (as ``MeldingvoorkeurForm`` checked it)."""
    for soort, kanaal in kanalen.items():
        Meldingsvoorkeur.objects.update_or_create(user=user, soort=soort,
                                                  defaults={"kanaal": kanaal})  # fmt: skip
