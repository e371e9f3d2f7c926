"""The background jobs, on Django's task framework (``django_tasks``, Django 6's
``django.tasks`` backported): the database backend by default, RQ on Redis with REDIS_URL
(settings, "Background work"). A job is a thin call into a service; what the person sees of
it, its tries and its failures are the service's (``zelfscan/rapporten/achtergrond.py``).

Import from here, so that the code moves to ``django.tasks`` unchanged on Django 6.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import get_connection
from django.utils import timezone
from django_tasks import task

from zelfscan import meldingen
from zelfscan.rapporten import achtergrond

logger = logging.getLogger(__name__)


def wachttijd(poging: int) -> float:
    """Seconds before the next try after ``poging`` failed: longer after each, 1, 2, 4 ...
    times TAAK_WACHTTIJD_SECONDEN."""
    return settings.TAAK_WACHTTIJD_SECONDEN * 2 ** (poging - 1)


def later(taak, *args, seconden: float = 0):
    """Enqueue ``taak`` to run ``seconden`` from now (at once: 0)."""
    if seconden:
        taak = taak.using(run_after=timezone.now() + datetime.timedelta(seconds=seconden))
    return taak.enqueue(*args)


@task()
def maak_rapportdeel(deel_id: int) -> None:
    achtergrond.maak_deel(deel_id=deel_id)


@task()
def maak_rapport(opdracht_id: int) -> None:
    """Put a report's parts together (``achtergrond.py``)."""
    achtergrond.maak(opdracht_id=opdracht_id)


@task()
def ruim_op() -> dict:
    return achtergrond.ruim_op()


@task()
def verstuur_mail(bericht: dict, poging: int = 1) -> None:
    """Send one message (``zelfscan/mail.py``) with the real backend; when the mail server
    fails, try again later, TAAK_POGINGEN times in all."""
    from zelfscan.mail import uit_gegevens

    try:
        get_connection(settings.EMAIL_VERZEND_BACKEND).send_messages([uit_gegevens(bericht)])
    except Exception:
        logger.exception("Mail aan %s: poging %s mislukt", bericht["to"], poging)
        if poging < settings.TAAK_POGINGEN:
            later(verstuur_mail, bericht, poging + 1, seconden=wachttijd(poging))
        raise


@task()
def meld(soort: str, pk: int) -> int:
    """The notifications of one event (``zelfscan/meldingen.py``)."""
    return meldingen.meld_gebeurtenis(soort, pk)


@task()
def herinner() -> int:
    """The reminders before deadlines and for development points past theirs."""
    return meldingen.herinner()
