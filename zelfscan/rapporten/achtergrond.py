"""A board report made in the background, on Django's task framework (``zelfscan/tasks.py``).

The engine (the database backend, or RQ on Redis) runs the job; this module keeps what the
person sees of it (``Rapportopdracht``) right whatever happens to the job:

- ``vraag_bestuursrapport``: the order, or the one already there for the same data (asking
  twice, or two clicks at once, make one report);
- ``maak``: the job's work, tried at most ``TAAK_POGINGEN`` times, each try signing its life
  every few seconds; a failure is told in Dutch, its detail goes to the log;
- ``herstel_verlaten``: a try whose worker stopped signing (killed, crashed) is tried again,
  or, after the last try, shown as failed; run by every worker as it starts and every few
  seconds, and by ``manage.py periodiek``;
- ``ruim_op``: made files older than ``RAPPORTEN_BEWAARDAGEN`` and import previews never
  confirmed within ``IMPORT_BEWAARUREN`` are removed;
- ``mag_downloaden``: a file is handed out only while its owner may see every scan in it.
"""

import contextlib
import datetime
import hashlib
import logging
import threading

from django.conf import settings
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zelfscan.models import (
    Bestuur,
    Historie,
    Importbestand,
    Rapportopdracht,
    Scanronde,
    Statusovergang,
    Zelfscan,
)
from zelfscan.rapporten import maken
from zelfscan.resultaten.bouwstenen import van_soort

logger = logging.getLogger(__name__)
Status = Rapportopdracht.Status


class GeenToegang(Exception):
    """The person who asked may no longer see the board or the round."""


# --- asking


def vraag_bestuursrapport(
    *, user, ronde: Scanronde, bestuur: Bestuur, soort: str = ""
) -> maken.Rapport | Rapportopdracht:
    """The report now, or, for a board with many schools, the order in the background (the
    existing one when the same person asked for the same report on the same data)."""
    scans = van_soort(
        Zelfscan.objects.for_user(user).filter(ronde=ronde, school__bestuur=bestuur), soort
    )
    if scans.count() <= maken.DIRECT_TOT_EN_MET:
        return maken.bestuursrapport(user=user, ronde=ronde, bestuur=bestuur, soort=soort)
    sleutel = _sleutel(user=user, ronde=ronde, bestuur=bestuur, soort=soort, scans=scans)
    if bestaand := _lopend_of_klaar(user, sleutel):
        return bestaand
    try:
        with transaction.atomic():
            opdracht = Rapportopdracht.objects.create(
                aangevraagd_door=user, soort=Rapportopdracht.Soort.BESTUUR, ronde=ronde,
                onderwerp_id=bestuur.pk, schoolsoort=soort, sleutel=sleutel,
                titel=f"{bestuur.naam} {ronde.schooljaar}" + (f" ({soort})" if soort else ""),
            )  # fmt: skip
    except IntegrityError:  # the same order, made a moment ago by the other click
        return _lopend_of_klaar(user, sleutel)
    _plan(opdracht)
    return opdracht


def _lopend_of_klaar(user, sleutel: str) -> Rapportopdracht | None:
    return (
        Rapportopdracht.objects.for_user(user)
        .filter(sleutel=sleutel)
        .exclude(status=Status.MISLUKT)
        .defer("inhoud")
        .first()
    )


def _sleutel(*, user, ronde, bestuur, soort, scans) -> str:
    """What the report would show: who asks (they see their own set of schools), what of, and
    the state of the round's data (every change of an answer writes a history row, every
    change of state a transition; the report compares with the wijk and the city, so the
    round's, not only the board's)."""
    in_ronde = Zelfscan.objects.filter(ronde=ronde)
    delen = [
        user.pk, ronde.pk, bestuur.pk, soort,
        sorted(scans.values_list("pk", "status")),
        Historie.objects.filter(scan__in=in_ronde).aggregate(m=Max("pk"))["m"],
        Statusovergang.objects.filter(scan__in=in_ronde).aggregate(m=Max("pk"))["m"],
        in_ronde.aggregate(m=Max("gewijzigd_op"))["m"],
    ]  # fmt: skip
    return hashlib.sha256(repr(delen).encode()).hexdigest()


def _plan(opdracht: Rapportopdracht, *, wacht: float = 0) -> None:
    """Give the order to the task framework once the row is committed (a worker must find
    it), after ``wacht`` seconds."""
    from zelfscan.tasks import maak_rapport

    def enqueue():
        taak = maak_rapport
        if wacht:
            taak = taak.using(run_after=timezone.now() + datetime.timedelta(seconds=wacht))
        result = taak.enqueue(opdracht.pk)
        Rapportopdracht.objects.filter(pk=opdracht.pk).update(taak_id=str(result.id))

    transaction.on_commit(enqueue)


# --- making


def maak(*, opdracht_id: int) -> None:
    """One try at an order. A job delivered twice, or for an order made or given up already,
    does nothing."""
    with transaction.atomic():
        opdracht = (
            Rapportopdracht.objects.select_for_update()
            .select_related("aangevraagd_door")
            .filter(pk=opdracht_id)
            .first()
        )
        if opdracht is None or opdracht.status in (Status.KLAAR, Status.MISLUKT):
            return
        nu = timezone.now()
        levend = nu - datetime.timedelta(seconds=settings.TAAK_LEVENSTEKEN_SECONDEN)
        teken = opdracht.levensteken
        if opdracht.status == Status.BEZIG and teken is not None and teken > levend:
            return  # another worker is making it and signs its life: a job delivered twice
        opdracht.status, opdracht.pogingen = Status.BEZIG, opdracht.pogingen + 1
        opdracht.gestart_op = opdracht.levensteken = nu
        opdracht.save(update_fields=["status", "pogingen", "gestart_op", "levensteken"])
    try:
        with _levensteken(opdracht.pk):
            rapport, scans = _maak_als_de_vrager(opdracht)
    except GeenToegang:
        _mislukt(opdracht, _("You no longer have access to this board or round."))
        return
    except Exception:
        # The detail for whoever keeps the application; the person gets a reason in Dutch.
        logger.exception("Rapport %s: poging %s mislukt", opdracht.pk, opdracht.pogingen)
        _na_een_fout(opdracht, _("The report could not be made."))
        raise  # the engine records the try as failed too
    opdracht.status, opdracht.klaar_op, opdracht.fout = Status.KLAAR, timezone.now(), ""
    opdracht.inhoud, opdracht.bestandsnaam = rapport.inhoud, rapport.bestandsnaam
    opdracht.scans = scans
    opdracht.save(update_fields=["status", "klaar_op", "inhoud", "bestandsnaam", "scans", "fout"])


def _maak_als_de_vrager(opdracht) -> tuple[maken.Rapport, list[int]]:
    """The report as the person who asked sees the data now: a role lost since is refused."""
    user = opdracht.aangevraagd_door
    ronde = (
        Scanronde.objects.for_user(user)
        .select_related("normkader", "swv")
        .filter(pk=opdracht.ronde_id)
        .first()
    )
    bestuur = Bestuur.objects.for_user(user).filter(pk=opdracht.onderwerp_id).first()
    if ronde is None or bestuur is None:
        raise GeenToegang
    scans = van_soort(
        Zelfscan.objects.for_user(user).filter(ronde=ronde, school__bestuur=bestuur),
        opdracht.schoolsoort,
    )
    rapport = maken.bestuursrapport(
        user=user, ronde=ronde, bestuur=bestuur, soort=opdracht.schoolsoort
    )
    return rapport, sorted(scans.values_list("pk", flat=True))


def _na_een_fout(opdracht: Rapportopdracht, reden: str, *, meteen: bool = False) -> None:
    """Another try later (``meteen``: now, when the try stopped through no fault of the job's,
    such as a killed worker), or, after the last, failed with the reason."""
    if opdracht.pogingen >= settings.TAAK_POGINGEN:
        _mislukt(opdracht, _("%(reden)s Tried %(n)s times; ask for it again later, and tell "
                             "the partnership if it fails again.")
                 % {"reden": reden, "n": opdracht.pogingen})  # fmt: skip
        return
    with transaction.atomic():
        Rapportopdracht.objects.filter(pk=opdracht.pk).update(status=Status.WACHTEND)
        # Waiting longer after each failed try: 1, 2, 4 ... times the base.
        wacht = 0 if meteen else settings.TAAK_WACHTTIJD_SECONDEN * 2 ** (opdracht.pogingen - 1)
        _plan(opdracht, wacht=wacht)


def _mislukt(opdracht: Rapportopdracht, reden: str) -> None:
    Rapportopdracht.objects.filter(pk=opdracht.pk).update(
        status=Status.MISLUKT, fout=reden, klaar_op=timezone.now()
    )


@contextlib.contextmanager
def _levensteken(opdracht_id: int):
    """Sign the order's life every third of TAAK_LEVENSTEKEN_SECONDEN while the report is
    made, from a thread of its own (the render holds the main one). A killed worker stops
    signing; ``herstel_verlaten`` sees it."""
    stop = threading.Event()

    def teken():
        try:
            while not stop.wait(settings.TAAK_LEVENSTEKEN_SECONDEN / 3):
                try:
                    Rapportopdracht.objects.filter(pk=opdracht_id, status=Status.BEZIG).update(
                        levensteken=timezone.now()
                    )
                except Exception:  # a database hiccup: the next sign may pass
                    logger.warning("Levensteken van rapport %s niet gezet", opdracht_id)
                    close_old_connections()
        finally:
            connection.close()  # this thread's own connection

    draad = threading.Thread(target=teken, name=f"levensteken-{opdracht_id}", daemon=True)
    draad.start()
    try:
        yield
    finally:
        stop.set()
        draad.join()


# --- recovering and cleaning up


def herstel_verlaten() -> int:
    """Orders whose worker stopped signing: tried again, or failed after the last try.
    Returns how many. Safe to run by several workers at once (each order is locked)."""
    grens = timezone.now() - datetime.timedelta(seconds=settings.TAAK_LEVENSTEKEN_SECONDEN)
    aantal = 0
    # Without any sign: an order of the queue before (issue 16), by when it started.
    stil = Q(levensteken__lt=grens) | Q(levensteken__isnull=True, gestart_op__lt=grens)
    for pk in Rapportopdracht.objects.filter(stil, status=Status.BEZIG).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            opdracht = (
                Rapportopdracht.objects.select_for_update(skip_locked=True)
                .filter(stil, pk=pk, status=Status.BEZIG)
                .defer("inhoud")
                .first()
            )
            if opdracht is None:
                continue
            logger.warning("Rapport %s: de werker stopte tijdens poging %s", pk, opdracht.pogingen)
            _na_een_fout(
                opdracht, _("The report could not be made: its making stopped."), meteen=True
            )
            aantal += 1
    return aantal


def ruim_op() -> dict[str, int]:
    """Remove made files past their keeping time and import previews never confirmed."""
    nu = timezone.now()
    rapporten, _per_model = Rapportopdracht.objects.filter(
        status__in=[Status.KLAAR, Status.MISLUKT],
        aangevraagd_op__lt=nu - datetime.timedelta(days=settings.RAPPORTEN_BEWAARDAGEN),
    ).delete()
    imports, _per_model = Importbestand.objects.filter(
        aangemaakt__lt=nu - datetime.timedelta(hours=settings.IMPORT_BEWAARUREN)
    ).delete()
    return {"rapporten": rapporten, "importbestanden": imports}


def mag_downloaden(user, opdracht: Rapportopdracht) -> bool:
    """Whether the person may have the file now: it is theirs, and they may still see every
    scan it holds, in its round and board."""
    if opdracht.aangevraagd_door_id != user.pk or opdracht.status != Status.KLAAR:
        return False
    if not (
        Scanronde.objects.for_user(user).filter(pk=opdracht.ronde_id).exists()
        and Bestuur.objects.for_user(user).filter(pk=opdracht.onderwerp_id).exists()
    ):
        return False
    zichtbaar = Zelfscan.objects.for_user(user).filter(
        pk__in=opdracht.scans, ronde=opdracht.ronde_id, school__bestuur=opdracht.onderwerp_id
    )
    return zichtbaar.count() == len(opdracht.scans)
