"""Rounds, the states of a scan and the steps between them, prefill and review comments."""

import datetime

from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ijkpunten.concordantie import Concordantie
from zelfscan import meldingen
from zelfscan.access.rights import TERUG, Rechten
from zelfscan.models import (
    Antwoord,
    Historie,
    Kengetallen,
    Opmerking,
    Rol,
    Samenwerkingsverband,
    Scanronde,
    Statusovergang,
    Zelfscan,
)
from zelfscan.resultaten import samenvatting
from zelfscan.scans.antwoorden import AlleenLezen, Weigering, onbevestigd
from zelfscan.scans.startpagina import Termijn
from zelfscan.team import teamoordeel


@transaction.atomic
def open_round(
    *, swv: Samenwerkingsverband, schooljaar: str, normkader, onderdelen: list[str],
    deadline: datetime.date, door,
) -> Scanronde:  # fmt: skip
    if not normkader.is_vastgesteld:
        raise Weigering(_("A round only uses an adopted version of the norm."))
    if Scanronde.objects.filter(swv=swv, schooljaar=schooljaar).exists():
        raise Weigering(_("There is already a round %(jaar)s for this SWV.") % {"jaar": schooljaar})
    ronde = Scanronde.objects.create(
        swv=swv,
        schooljaar=schooljaar,
        normkader=normkader,
        onderdelen=onderdelen,
        deadline=deadline,
        geopend_door=door,
    )
    ensure_scans(ronde=ronde)
    return ronde


def ensure_scans(*, ronde: Scanronde) -> int:
    """Every active school of the SWV has a scan in the round; a school added later gets one.
    Idempotent; returns how many were made."""
    have = set(ronde.scans.values_list("school_id", flat=True))
    scholen = ronde.swv.scholen.filter(actief=True).exclude(pk__in=have)
    vorige = {}
    for scan in (
        Zelfscan.objects.filter(school__in=scholen, ronde__schooljaar__lt=ronde.schooljaar)
        .order_by("school_id", "-ronde__schooljaar")
        .only("pk", "school_id")
    ):
        vorige.setdefault(scan.school_id, scan.pk)
    nieuw = Zelfscan.objects.bulk_create(
        Zelfscan(ronde=ronde, school=s, soort=s.soort, vorige_id=vorige.get(s.pk)) for s in scholen
    )
    Kengetallen.objects.bulk_create(Kengetallen(scan=scan) for scan in nieuw)
    samenvatting.maak_aan(scans=nieuw, ronde=ronde)
    return len(nieuw)


def ensure_scans_for_swv(*, swv: Samenwerkingsverband) -> int:
    """After schools were added (import, admin): give them a scan in the SWV's open rounds."""
    today = datetime.date.today()
    return sum(ensure_scans(ronde=r) for r in swv.scanrondes.filter(deadline__gte=today))


@transaction.atomic
def transition(*, scan: Zelfscan, naar: str, door, reden: str = "", missing=None) -> Zelfscan:
    """Move a scan to another state, if the person's role allows that step."""
    scan = Zelfscan.objects.select_for_update().select_related("school").get(pk=scan.pk)
    rechten = Rechten.voor(door, scan)
    if not rechten.mag_overgang(scan, naar):
        raise AlleenLezen(
            _("You cannot move this scan from %(van)s to %(naar)s.")
            % {"van": scan.get_status_display(), "naar": Zelfscan.Status(naar).label}
        )
    reden = (reden or "").strip()
    if (scan.status, naar) in TERUG and not reden:
        raise Weigering(_("Give a reason; the school sees it."))
    if naar == Zelfscan.Status.INGEDIEND and (n := onbevestigd(scan)):
        # Last year's answer is this year's only once the school says so (issue 13): a scan
        # filled with one click and sent on is not a self-assessment.
        raise Weigering(
            ngettext(
                "%(n)s answer taken over from last year is not confirmed yet: confirm or "
                "change it first.",
                "%(n)s answers taken over from last year are not confirmed yet: confirm or "
                "change each, or confirm them all at once above.",
                n,
            )
            % {"n": n}
        )
    if naar == Zelfscan.Status.INGEDIEND and missing:
        raise Weigering(
            _("The scan is not complete yet: %(n)s item(s) have no score yet.")
            % {"n": len(missing)}
        )
    if (
        naar == Zelfscan.Status.INGEDIEND
        and not teamoordeel.gesloten(scan)
        and scan.uitnodigingen.exists()
    ):
        # The team's view counts only once it can no longer change (issue 28).
        raise Weigering(
            _(
                "Colleagues were asked to rate: close the team's rating on the page \"The "
                "team's view\" first, and see where the school and the team differ."
            )
        )
    if naar == Zelfscan.Status.INGEDIEND and (zonder := _team_zonder_reden(scan)):
        # The school's answer is its own decision, but where it differs a whole point or
        # more from its team's, it says why (issue 17).
        raise Weigering(
            _(
                "The school's score differs a whole point or more from the team's median at "
                "%(items)s: give the reason beside each first."
            )
            % {"items": ", ".join(zonder)}
        )
    overgang = Statusovergang.objects.create(
        scan=scan, van=scan.status, naar=naar, door=door, reden=reden
    )
    scan.status = naar
    scan.save(update_fields=["status", "gewijzigd_op"])
    meldingen.na_afloop("overgang", overgang.pk)
    return scan


def _team_zonder_reden(scan: Zelfscan) -> list[str]:
    """The codes of the items whose score differs from the team's without a reason."""
    oordelen = teamoordeel.teamoordelen(scan)
    if not oordelen:
        return []
    antwoorden = {
        a.item_id: a for a in scan.antwoorden.filter(item_id__in=oordelen).select_related("item")
    }
    return [
        antwoorden[pk].item.code
        for pk in teamoordeel.afwijkingen_zonder_reden(antwoorden, oordelen)
    ]


@transaction.atomic
def prefill_from_previous(*, scan: Zelfscan, door, toegestane_items: set[int]) -> int:
    """Copy last year's answers into an empty concept scan; each is marked until confirmed."""
    if scan.status != Zelfscan.Status.CONCEPT:
        raise Weigering(_("Only a concept can be filled with the previous scan."))
    if scan.vorige_id is None:
        raise Weigering(_("This school has no earlier scan."))
    if scan.antwoorden.exists():
        raise Weigering(
            _("This scan already has answers; taking over is only possible in an empty scan.")
        )
    # Last round may have used an earlier version of the norm: each item takes the answer of
    # the one item it continues or was split from (ijkpunten/concordantie.py); a merged or
    # new item starts empty, as there is no one answer to take.
    vorige_versie = (
        Zelfscan.objects.filter(pk=scan.vorige_id).values_list("ronde__normkader_id", flat=True)
    ).get()
    concordantie = Concordantie.tussen(vorige_versie, scan.ronde.normkader_id)
    bronnen = {}
    for item in toegestane_items:
        if (bron := concordantie.item(item).enige_bron) is not None:
            bronnen[item] = bron
    oud = {
        a.item_id: a
        for a in Antwoord.objects.filter(
            scan_id=scan.vorige_id, item_id__in=set(bronnen.values())
        ).exclude(score__isnull=True, nvt=False)
    }
    nieuw = Antwoord.objects.bulk_create(
        Antwoord(
            scan=scan,
            item_id=item,
            score=a.score,
            nvt=a.nvt,
            toelichting=a.toelichting,
            versie=1,
            uit_vorige_scan=True,
            gewijzigd_door=door,
        )
        for item, bron in sorted(bronnen.items())
        if (a := oud.get(bron)) is not None
    )
    Historie.objects.bulk_create(
        Historie(
            scan=scan,
            onderwerp=f"item:{a.item_id}",
            veld=veld,
            oud="",
            nieuw=str(waarde),
            door=door,
            bron=Historie.Bron.VORIGE_SCAN,
        )
        for a in nieuw
        for veld, waarde in (("score", a.score), ("nvt", a.nvt), ("toelichting", a.toelichting))
        if waarde not in (None, False, "")
    )
    samenvatting.herbereken(scan=scan)
    return len(nieuw)


def add_comment(*, scan: Zelfscan, onderdeel: str, tekst: str, door) -> Opmerking:
    """``tekst`` as checked by ``OpmerkingForm``."""
    if not Rechten.voor(door, scan).mag_opmerken(scan):
        raise AlleenLezen(_("You cannot place comments on this scan."))
    opmerking = Opmerking.objects.create(scan=scan, onderdeel=onderdeel, tekst=tekst, door=door)
    meldingen.na_afloop("opmerking", opmerking.pk)
    return opmerking


def mark_read(*, opmerkingen: list[Opmerking], door) -> set[int]:
    """The comments ``door`` has now seen on their page; returns the ids that were new to
    them. Twice is the same as once."""
    nieuw = {o.pk for o in opmerkingen} - set(
        Opmerking.gelezen_door.through.objects.filter(
            user=door, opmerking__in=opmerkingen
        ).values_list("opmerking_id", flat=True)
    )
    Opmerking.gelezen_door.through.objects.bulk_create(
        [Opmerking.gelezen_door.through(opmerking_id=pk, user=door) for pk in nieuw],
        ignore_conflicts=True,
    )
    return nieuw


def remind_late(*, ronde: Scanronde, door, base_url: str) -> tuple[int, int]:
    """Mail the IB-ers and directeurs of every school whose scan in ``ronde`` is still a
    concept after the deadline; returns (schools, mails). Only the SWV's beheerder asks it."""
    mag = (
        door.is_superuser
        or Rol.objects.filter(user=door, soort__in=Rol.SWV_ROLLEN, swv=ronde.swv_id).exists()
    )
    if not mag:
        raise AlleenLezen(_("Only the SWV's administrator reminds the schools."))
    if not Termijn.van(ronde, timezone.localdate()).verstreken:
        raise Weigering(_("The deadline has not passed yet; nobody is late."))
    scans = list(ronde.scans.filter(status=Zelfscan.Status.CONCEPT).select_related("school"))
    rollen = Rol.objects.filter(
        school__in=[s.school_id for s in scans],
        soort__in=(Rol.Soort.IB_ER, Rol.Soort.DIRECTEUR),
        user__is_active=True,
    ).select_related("user")
    per_school = {}
    for rol in rollen:
        per_school.setdefault(rol.school_id, []).append(rol.user)
    berichten = []
    for scan in scans:
        url = base_url.rstrip("/") + reverse("zelfscan:scan", kwargs={"pk": scan.pk})
        context = {"scan": scan, "ronde": ronde, "door": door, "url": url}
        onderwerp = render_to_string("zelfscan/herinnering_onderwerp.txt", context).strip()
        tekst = render_to_string("zelfscan/herinnering.txt", context)
        berichten.extend(
            (onderwerp, tekst, None, [u.email]) for u in per_school.get(scan.school_id, [])
        )
    send_mass_mail(berichten)
    return len(scans), len(berichten)
