"""A board report made in the background, on Django's task framework (``zelfscan/tasks.py``).

A board report is made in parts, so that more workers make it sooner: a job for the overview
of the board's schools and one per few schools (``maken.SCHOLEN_PER_DEEL``), each a PDF
without page numbers; when the last
is made, the order's own job puts them behind a cover with the contents and numbers the
pages through (``maken.voeg_bestuursrapport_samen``, ``samenvoegen.py``).

The engine (the database backend, or RQ on Redis) runs the jobs; this module keeps what the
person sees of them (``Rapportopdracht``, its ``Rapportdeel`` rows) right whatever happens:

- ``vraag_bestuursrapport``: the order and its parts, or the order already there for the
  same data (asking twice, or two clicks at once, make one report);
- ``maak_deel`` and ``maak``: a part's work and the putting together, each tried at most
  ``TAAK_POGINGEN`` times, each try signing its life every few seconds; a failure is told in
  Dutch, its detail goes to the log; a part that fails for good fails the report;
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
import uuid

from django.conf import settings
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from zelfscan.models import (
    Bestuur,
    Historie,
    Importbestand,
    Rapportdeel,
    Rapportopdracht,
    Scanronde,
    School,
    Statusovergang,
    Zelfscan,
)
from zelfscan.rapporten import maken
from zelfscan.resultaten.bouwstenen import van_soort
from zelfscan.scans import bewijs

logger = logging.getLogger(__name__)
Status = Rapportopdracht.Status


class GeenToegang(Exception):
    """The person who asked may no longer see the board, the round or a school in it."""


# --- asking


def vraag_bestuursrapport(
    *, user, ronde: Scanronde, bestuur: Bestuur, soort: str = ""
) -> maken.Rapport | Rapportopdracht:
    """The report now, or, for a board with many schools, the order in the background (the
    existing one when the same person asked for the same report on the same data)."""
    scans = maken.bestuursscans(user=user, ronde=ronde, bestuur=bestuur, soort=soort)
    if len(scans) <= maken.DIRECT_TOT_EN_MET:
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
            n = maken.SCHOLEN_PER_DEEL
            groepjes = [[], *([s.pk for s in scans[i : i + n]] for i in range(0, len(scans), n))]
            Rapportdeel.objects.bulk_create(
                Rapportdeel(opdracht=opdracht, volgnummer=i, scans=groepje)
                for i, groepje in enumerate(groepjes)
            )
    except IntegrityError:  # the same order, made a moment ago by the other click
        return _lopend_of_klaar(user, sleutel)
    for deel in opdracht.delen.only("pk"):
        _plan(deel)
    return opdracht


def _lopend_of_klaar(user, sleutel: str) -> Rapportopdracht | None:
    return (
        Rapportopdracht.objects.for_user(user)
        .filter(sleutel=sleutel)
        .exclude(status=Status.MISLUKT)
        .defer("inhoud")
        .first()
    )


def _sleutel(*, user, ronde, bestuur, soort, scans: list[Zelfscan]) -> str:
    """What the report would show: who asks (they see their own set of schools), what of, and
    the state of the round's data (every change of an answer writes a history row, every
    change of state a transition; the report compares with the wijk and the city, so the
    round's, not only the board's)."""
    in_ronde = Zelfscan.objects.filter(ronde=ronde)
    delen = [
        user.pk, ronde.pk, bestuur.pk, soort,
        sorted((s.pk, s.status) for s in scans),
        Historie.objects.filter(scan__in=in_ronde).aggregate(m=Max("pk"))["m"],
        Statusovergang.objects.filter(scan__in=in_ronde).aggregate(m=Max("pk"))["m"],
        in_ronde.aggregate(m=Max("gewijzigd_op"))["m"],
    ]  # fmt: skip
    return hashlib.sha256(repr(delen).encode()).hexdigest()


def _plan(stap: Rapportopdracht | Rapportdeel, *, wacht: float = 0) -> None:
    """Give the order's or the part's job to the task framework once the row is committed (a
    worker must find it), after ``wacht`` seconds."""
    from zelfscan.tasks import later, maak_rapport, maak_rapportdeel

    taak = maak_rapport if isinstance(stap, Rapportopdracht) else maak_rapportdeel

    def enqueue():
        result = later(taak, stap.pk, seconden=wacht)
        type(stap).objects.filter(pk=stap.pk).update(taak_id=str(result.id))

    transaction.on_commit(enqueue)


# --- making


def _begin(model, pk: int):
    """The order or part for one more try, marked as being made; None when there is nothing
    to do: made or given up already, or a job delivered twice while another worker makes it
    and signs its life."""
    with transaction.atomic():
        stap = model.objects.select_for_update().filter(pk=pk).defer("inhoud").first()
        if stap is None or stap.status in (Status.KLAAR, Status.MISLUKT):
            return None
        nu = timezone.now()
        levend = nu - datetime.timedelta(seconds=settings.TAAK_LEVENSTEKEN_SECONDEN)
        teken = stap.levensteken
        if stap.status == Status.BEZIG and teken is not None and teken > levend:
            return None
        stap.status, stap.pogingen = Status.BEZIG, stap.pogingen + 1
        stap.gestart_op = stap.levensteken = nu
        stap.save(update_fields=["status", "pogingen", "gestart_op", "levensteken"])
    return stap


def maak_deel(*, deel_id: int) -> None:
    """One try at a part; the last part made plans the putting together."""
    deel = _begin(Rapportdeel, deel_id)
    if deel is None:
        return
    opdracht = Rapportopdracht.objects.defer("inhoud").select_related("aangevraagd_door")
    opdracht = opdracht.get(pk=deel.opdracht_id)
    if opdracht.status == Status.MISLUKT:  # another part failed it: no use going on
        Rapportdeel.objects.filter(pk=deel.pk).update(status=Status.MISLUKT)
        return
    try:
        with _levensteken(Rapportdeel, deel.pk):
            ronde, bestuur = _ronde_en_bestuur(opdracht)
            gemaakt = maken.bestuursdeel(
                user=opdracht.aangevraagd_door, ronde=ronde, bestuur=bestuur,
                soort=opdracht.schoolsoort, scans=deel.scans,
                gemaakt_op=timezone.localtime(opdracht.aangevraagd_op),
            )  # fmt: skip
            if gemaakt is None:
                raise GeenToegang
    except GeenToegang:
        _mislukt(opdracht, _("You no longer have access to this board or round."), deel)
        return
    except Exception:
        # The detail for whoever keeps the application; the person gets a reason in Dutch.
        logger.exception("Rapport %s, deel %s: poging %s mislukt", opdracht.pk,
                         deel.volgnummer, deel.pogingen)  # fmt: skip
        _na_een_fout(deel, _("The report could not be made."))
        raise  # the engine records the try as failed too
    with transaction.atomic():
        # The order's row is the lock: of two parts made at the same moment, the second to
        # get here sees the first made, and plans the putting together once.
        opdracht = Rapportopdracht.objects.select_for_update().defer("inhoud").get(pk=opdracht.pk)
        Rapportdeel.objects.filter(pk=deel.pk).update(
            status=Status.KLAAR, inhoud=gemaakt.inhoud, kopjes=gemaakt.kopjes
        )
        alles = not opdracht.delen.exclude(status=Status.KLAAR).exists()
        if alles and opdracht.status == Status.WACHTEND and not opdracht.taak_id:
            Rapportopdracht.objects.filter(pk=opdracht.pk).update(taak_id="gepland")
            _plan(opdracht)


def maak(*, opdracht_id: int) -> None:
    """One try at putting an order's parts together (an order of the queue before, without
    parts, is made whole). A job delivered twice, or for an order made or given up already,
    does nothing."""
    opdracht = _begin(Rapportopdracht, opdracht_id)
    if opdracht is None:
        return
    opdracht = (
        Rapportopdracht.objects.select_related("aangevraagd_door")
        .defer("inhoud")
        .get(pk=opdracht.pk)
    )
    try:
        with _levensteken(Rapportopdracht, opdracht.pk):
            rapport, scans = _maak_als_de_vrager(opdracht)
    except GeenToegang:
        _mislukt(opdracht, _("You no longer have access to this board or round."))
        return
    except Exception:
        logger.exception("Rapport %s: poging %s mislukt", opdracht.pk, opdracht.pogingen)
        _na_een_fout(opdracht, _("The report could not be made."))
        raise
    opdracht.status, opdracht.klaar_op, opdracht.fout = Status.KLAAR, timezone.now(), ""
    opdracht.inhoud, opdracht.bestandsnaam = rapport.inhoud, rapport.bestandsnaam
    opdracht.scans = scans
    with transaction.atomic():
        opdracht.save(
            update_fields=["status", "klaar_op", "inhoud", "bestandsnaam", "scans", "fout"]
        )
        opdracht.delen.update(inhoud=None)  # in the file now


def _ronde_en_bestuur(opdracht) -> tuple[Scanronde, Bestuur]:
    """The round and board as the person who asked sees them now: a role lost since is
    refused."""
    user = opdracht.aangevraagd_door
    ronde = (
        Scanronde.objects.for_user(user)
        .select_related("normkader", "swv")
        .filter(pk=opdracht.ronde_id)
        .first()
    )
    bestuur = ronde and (
        Bestuur.objects.in_swv_for_user(user, ronde.swv_id).filter(pk=opdracht.onderwerp_id).first()
    )
    if ronde is None or bestuur is None:
        raise GeenToegang
    return ronde, bestuur


def _maak_als_de_vrager(opdracht) -> tuple[maken.Rapport, list[int]]:
    user = opdracht.aangevraagd_door
    ronde, bestuur = _ronde_en_bestuur(opdracht)
    delen = list(opdracht.delen.order_by("volgnummer"))
    if not delen:
        scans = van_soort(
            Zelfscan.objects.for_user(user).filter(ronde=ronde, school__bestuur=bestuur),
            opdracht.schoolsoort,
        )
        rapport = maken.bestuursrapport(
            user=user, ronde=ronde, bestuur=bestuur, soort=opdracht.schoolsoort
        )
        return rapport, sorted(scans.values_list("pk", flat=True))
    rapport = maken.voeg_bestuursrapport_samen(
        ronde=ronde, bestuur=bestuur, soort=opdracht.schoolsoort,
        gemaakt_op=timezone.localtime(opdracht.aangevraagd_op),
        delen=[maken.Deel(bytes(d.inhoud), [tuple(k) for k in d.kopjes]) for d in delen],
    )  # fmt: skip
    return rapport, sorted(pk for d in delen for pk in d.scans)


def _na_een_fout(stap, reden: str, *, meteen: bool = False) -> None:
    """Another try later (``meteen``: now, when the try stopped through no fault of the job's,
    such as a killed worker), or, after the last, the report failed with the reason."""
    from zelfscan.tasks import wachttijd

    if stap.pogingen >= settings.TAAK_POGINGEN:
        deel = None if isinstance(stap, Rapportopdracht) else stap
        _mislukt(stap if deel is None else deel.opdracht,
                 _("%(reden)s Tried %(n)s times; ask for it again later, and tell the "
                   "partnership if it fails again.") % {"reden": reden, "n": stap.pogingen},
                 deel)  # fmt: skip
        return
    with transaction.atomic():
        type(stap).objects.filter(pk=stap.pk).update(status=Status.WACHTEND)
        _plan(stap, wacht=0 if meteen else wachttijd(stap.pogingen))


def _mislukt(opdracht: Rapportopdracht, reden: str, deel: Rapportdeel | None = None) -> None:
    """The report failed, with the reason; by a part: that part too, and the tries shown are
    the part's."""
    with transaction.atomic():
        pogingen = opdracht.pogingen
        if deel is not None:
            Rapportdeel.objects.filter(pk=deel.pk).update(status=Status.MISLUKT)
            pogingen = max(pogingen, deel.pogingen)
        Rapportopdracht.objects.filter(pk=opdracht.pk).update(
            status=Status.MISLUKT, fout=reden, klaar_op=timezone.now(), pogingen=pogingen
        )


@contextlib.contextmanager
def _levensteken(model, pk: int):
    """Sign the order's or part's life every third of TAAK_LEVENSTEKEN_SECONDEN while it is
    made, from a thread of its own (the render holds the main one). A killed worker stops
    signing; ``herstel_verlaten`` sees it."""
    stop = threading.Event()

    def teken():
        try:
            while not stop.wait(settings.TAAK_LEVENSTEKEN_SECONDEN / 3):
                try:
                    model.objects.filter(pk=pk, status=Status.BEZIG).update(
                        levensteken=timezone.now()
                    )
                except Exception:  # a database hiccup: the next sign may pass
                    logger.warning("Levensteken van %s %s niet gezet", model.__name__, pk)
                    close_old_connections()
        finally:
            connection.close()  # this thread's own connection

    draad = threading.Thread(target=teken, name=f"levensteken-{pk}", daemon=True)
    draad.start()
    try:
        yield
    finally:
        stop.set()
        draad.join()


# --- recovering and cleaning up


def herstel_verlaten() -> int:
    """Orders and parts whose worker stopped signing: tried again, or failed after the last
    try. Returns how many. Safe to run by several workers at once (each row is locked)."""
    grens = timezone.now() - datetime.timedelta(seconds=settings.TAAK_LEVENSTEKEN_SECONDEN)
    aantal = 0
    # Without any sign: an order of the queue before (issue 16), by when it started.
    stil = Q(levensteken__lt=grens) | Q(levensteken__isnull=True, gestart_op__lt=grens)
    for model in (Rapportdeel, Rapportopdracht):
        for pk in model.objects.filter(stil, status=Status.BEZIG).values_list("pk", flat=True):
            with transaction.atomic():
                stap = (
                    model.objects.select_for_update(skip_locked=True)
                    .filter(stil, pk=pk, status=Status.BEZIG)
                    .defer("inhoud")
                    .first()
                )
                if stap is None:
                    continue
                logger.warning("%s %s: de werker stopte tijdens poging %s", model.__name__, pk,
                               stap.pogingen)  # fmt: skip
                _taak_verlaten(stap.taak_id)
                _na_een_fout(
                    stap, _("The report could not be made: its making stopped."), meteen=True
                )
                aantal += 1
    return aantal


def _taak_verlaten(taak_id: str) -> None:
    """The job of a try whose worker died stays "running" in django-tasks-db's table for
    good: it is marked failed, with the reason, as its work is taken over. (RQ moves a job
    whose worker stopped to its failed jobs itself.)"""
    if not isinstance(task_backends["default"], DatabaseBackend):
        return
    try:
        pk = uuid.UUID(taak_id)
    except ValueError:
        return  # not planned as a job (yet)
    DBTaskResult.objects.filter(pk=pk, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path=f"{__name__}.WerkerGestopt",
        traceback="De werker stopte tijdens deze taak (gedood of vastgelopen); het werk is "
        "overgenomen door een nieuwe taak.",
    )


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
    return {"rapporten": rapporten, "importbestanden": imports, **bewijs.ruim_op(nu=nu)}


def mag_downloaden(user, opdracht: Rapportopdracht) -> bool:
    """Whether the person may have the file now: it is theirs, and they may still see every
    scan it holds, in its round and board."""
    return opdracht.pk in te_downloaden(user, [opdracht])


def te_downloaden(user, opdrachten: list[Rapportopdracht]) -> set[int]:
    """Of ``opdrachten``, the ones whose file ``mag_downloaden``: in three queries however
    many there are ("Mijn rapporten" lists up to 30)."""
    klaar = [o for o in opdrachten if o.aangevraagd_door_id == user.pk and o.status == Status.KLAAR]
    if not klaar:
        return set()
    swv_van_ronde = dict(
        Scanronde.objects.for_user(user)
        .filter(pk__in={o.ronde_id for o in klaar})
        .values_list("pk", "swv_id")
    )
    # (board, SWV) the person reaches, as ``Bestuur.objects.in_swv_for_user``: a role given by
    # one SWV does not open a report of the board's schools in another.
    besturen = set(
        School.objects.for_user(user)
        .filter(bestuur__in=Bestuur.objects.for_user(user).filter(
            pk__in={o.onderwerp_id for o in klaar}))
        .values_list("bestuur_id", "swv_id")
    )  # fmt: skip
    zichtbaar = set(
        Zelfscan.objects.for_user(user)
        .filter(pk__in={pk for o in klaar for pk in o.scans})
        .values_list("pk", "ronde_id", "school__bestuur_id")
    )
    return {
        o.pk for o in klaar
        if o.ronde_id in swv_van_ronde and (o.onderwerp_id, swv_van_ronde[o.ronde_id]) in besturen
        and all((pk, o.ronde_id, o.onderwerp_id) in zichtbaar for pk in o.scans)
    }  # fmt: skip
