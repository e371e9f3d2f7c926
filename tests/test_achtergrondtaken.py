"""Background work on Django's task framework (issue 16, parts 1 and 2): a board report of many
schools as a job, and what the person sees of it whatever happens to the job.

Every test here runs on the database backend; ``.ci/run`` runs this file again with REDIS_URL
set, on RQ and the Redis server of the machine. The tests that kill or signal a worker process
are the database worker's (``manage.py werker``); RQ's worker has its own.
"""

import datetime
import io
import itertools
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone

from tests.pdfhulp import teksten as pagina_teksten
from tests.personas import login
from tests.scanhulp import fill_all
from tests.taakhulp import draai_taken, leeg_wachtrij, op_de_database
from zelfscan.models import Importbestand, Rapportopdracht, Rol, School, Zelfscan
from zelfscan.scans.workflow import ensure_scans

pytestmark = pytest.mark.django_db(transaction=True)

OP_DE_DATABASE = op_de_database()
alleen_database = pytest.mark.skipif(
    not OP_DE_DATABASE, reason="the database worker's own process (RQ has its own worker)"
)


@pytest.fixture(autouse=True)
def norm(norm_vastgelegd):
    pass


@pytest.fixture(autouse=True)
def lege_wachtrij():
    leeg_wachtrij()
    yield
    leeg_wachtrij()


@pytest.fixture
def groot_bestuur(world):
    """Board A with six schools, every scan released: more than a report made while the
    person waits."""
    for i in range(5):
        School.objects.create(brin=f"6{i}AA", naam=f"School A{i}", bestuur=world.bestuur_a,
                              wijk=world.wijk1, swv=world.swv1, soort="bao")  # fmt: skip
    ensure_scans(ronde=world.ronde)
    for scan in Zelfscan.objects.filter(ronde=world.ronde, school__bestuur=world.bestuur_a):
        fill_all(scan, score=3)
    Zelfscan.objects.filter(ronde=world.ronde).update(status="vrijgegeven")
    return world


def vraag(client, world):
    url = reverse("zelfscan:rapport_bestuur", kwargs={"pk": world.ronde.pk,
                                                      "bestuur": world.bestuur_a.pk})  # fmt: skip
    return client.get(url)


def test_a_large_board_report_is_a_job_and_only_its_owner_downloads_it(client, groot_bestuur):
    world = groot_bestuur
    login(client, world.personas["bestuur_user_a"])
    assert vraag(client, world).url == reverse("zelfscan:mijn_rapporten")
    opdracht = Rapportopdracht.objects.get()
    # A job per part: the overview, and the schools four to a part, in the report's order;
    # the order's own job (putting them together) is planned when the last part is made.
    delen = list(opdracht.delen.order_by("volgnummer"))
    volgorde = list(
        Zelfscan.objects.filter(ronde=world.ronde, school__bestuur=world.bestuur_a)
        .order_by("school__naam")
        .values_list("pk", flat=True)
    )
    assert [d.scans for d in delen] == [[], volgorde[:4], volgorde[4:]]
    assert all(d.taak_id and d.status == "wachtend" for d in delen)
    assert (opdracht.status, opdracht.pogingen, opdracht.taak_id) == ("wachtend", 0, "")
    assert (
        "wachtend… 0 van 3 delen gemaakt"
        in client.get(reverse("zelfscan:mijn_rapporten")).content.decode()
    )
    draai_taken()
    opdracht.refresh_from_db()
    assert (opdracht.status, opdracht.pogingen) == ("klaar", 1)
    assert len(opdracht.scans) == 6
    assert set(opdracht.delen.values_list("status", "pogingen", "inhoud")) == {
        ("klaar", 1, None)  # made once each, and emptied once in the file
    }
    download = reverse("zelfscan:rapport_download", kwargs={"pk": opdracht.pk})
    response = client.get(download)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]
    _is_een_geheel(response.content, ["De scholen naast elkaar", "School A",
                                      *(f"School A{i}" for i in range(5))])  # fmt: skip
    login(client, world.personas["beheerder_a"])  # sees the board, but did not ask
    assert client.get(download).status_code == 404


def _is_een_geheel(inhoud: bytes, delen: list[str]) -> None:
    """The parts, made apart, read as one report: every page numbered "pagina N van M"
    through; the contents give the page each part starts on, its bookmark points there;
    one structure tree (PDF/UA) with every page's tags in it."""
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(inhoud))
    teksten = pagina_teksten(inhoud)
    m = len(teksten)
    assert [t.count("pagina ") for t in teksten] == [1] * m
    assert all(f"pagina {n} van {m}" in t for n, t in enumerate(teksten, start=1))
    inhoud_pagina = next(t for t in teksten if t.startswith("Inhoud") or " Inhoud " in t)
    begint = {}
    for deel in delen:
        (pagina,) = re.findall(rf"{re.escape(deel)} (\d+)", inhoud_pagina.split("Pagina", 1)[1])
        begint[deel] = int(pagina)
    paginas = list(begint.values())
    assert all(a < b for a, b in itertools.pairwise(paginas))  # in order, each its own page
    assert "De scholen van het bestuur naast elkaar" in teksten[paginas[0] - 1]
    for deel, pagina in list(begint.items())[1:]:  # the school's own heading starts the page
        assert re.search(rf"(^| ){re.escape(deel)} \w+ · status", teksten[pagina - 1]), deel
    bladwijzers = {b.title: pdf.get_destination_page_number(b) + 1 for b in pdf.outline
                   if not isinstance(b, list)}  # fmt: skip
    assert {d: bladwijzers[d] for d in delen} == begint
    boom = pdf.trailer["/Root"]["/StructTreeRoot"]
    assert len(boom["/K"]) == 1  # one Document element
    sleutels = [p["/StructParents"] for p in pdf.pages]
    assert sleutels == list(range(m))
    assert boom["/ParentTreeNextKey"] >= m


def test_my_reports_reads_the_same_number_of_queries_for_one_ready_file_as_for_three(
    client, groot_bestuur
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world = groot_bestuur
    eigenaar = world.personas["bestuur_user_a"]
    scans = list(
        Zelfscan.objects.filter(school__bestuur=world.bestuur_a).values_list("pk", flat=True)
    )

    def maak(titel):
        Rapportopdracht.objects.create(
            aangevraagd_door=eigenaar, soort="bestuur", ronde=world.ronde, titel=titel,
            onderwerp_id=world.bestuur_a.pk, status="klaar", inhoud=b"%PDF", scans=scans,
            bestandsnaam=f"{titel}.pdf",
        )  # fmt: skip

    login(client, eigenaar)
    url = reverse("zelfscan:mijn_rapporten")

    def vragen():
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(url).content.decode()
        return len(ctx.captured_queries), html.count("klaar: downloaden")

    maak("een")
    vragen()  # what a first request reads once (the session, what is cached per process)
    een = vragen()
    maak("twee")
    maak("drie")
    assert vragen() == (een[0], 3) and een[1] == 1


def test_asking_twice_on_unchanged_data_gives_the_same_order(client, groot_bestuur):
    world = groot_bestuur
    login(client, world.personas["bestuur_user_a"])
    vraag(client, world)
    vraag(client, world)
    assert Rapportopdracht.objects.count() == 1
    if OP_DE_DATABASE:  # a job per part (the overview, and six schools in two), once
        from django_tasks_db.models import DBTaskResult

        assert DBTaskResult.objects.count() == 3
    draai_taken()
    vraag(client, world)  # made already, data unchanged: the same file
    assert Rapportopdracht.objects.count() == 1
    # A scan of the round moves on (discussed): the next ask is a new report.
    login(client, world.personas["consulent_a"])
    overgang = reverse("zelfscan:scan_overgang", kwargs={"pk": world.scan_a.pk})
    assert client.post(overgang, {"naar": "besproken"}).status_code == 302
    login(client, world.personas["bestuur_user_a"])
    vraag(client, world)
    assert Rapportopdracht.objects.count() == 2


@pytest.mark.parametrize("stap", ["bestuursdeel", "voeg_bestuursrapport_samen"])
def test_a_job_that_always_fails_is_tried_a_set_number_of_times_then_failed_in_dutch(
    client, groot_bestuur, settings, monkeypatch, caplog, stap
):
    """A part that always fails, or the putting together."""
    settings.TAAK_WACHTTIJD_SECONDEN = 0
    world = groot_bestuur

    def kapot(**kwargs):
        raise RuntimeError("kapot in /srv/geheim/pad")

    monkeypatch.setattr(f"zelfscan.rapporten.maken.{stap}", kapot)
    login(client, world.personas["bestuur_user_a"])
    vraag(client, world)
    draai_taken()
    opdracht = Rapportopdracht.objects.get()
    assert (opdracht.status, opdracht.pogingen) == ("mislukt", settings.TAAK_POGINGEN) == (
        "mislukt", 3,
    )  # fmt: skip
    assert opdracht.fout == (
        "Het rapport kon niet worden gemaakt. 3 keer geprobeerd; vraag het later opnieuw aan, "
        "en meld het aan het samenwerkingsverband als het weer mislukt."
    )
    html = client.get(reverse("zelfscan:mijn_rapporten")).content.decode()
    assert opdracht.fout in html and "kapot" not in html and "RuntimeError" not in html
    # The detail is in the log, for whoever keeps the application.
    assert sum("kapot in /srv/geheim/pad" in r.exc_text for r in caplog.records if r.exc_text) >= 3


def test_a_file_is_refused_once_its_owner_may_no_longer_see_its_data(client, groot_bestuur):
    world = groot_bestuur
    login(client, world.personas["bestuur_user_a"])
    vraag(client, world)
    draai_taken()
    opdracht = Rapportopdracht.objects.get(status="klaar")
    download = reverse("zelfscan:rapport_download", kwargs={"pk": opdracht.pk})
    assert client.get(download).status_code == 200
    # The board loses a school to another board: the file holds a school its owner no longer
    # sees.
    School.objects.filter(brin="60AA").update(bestuur=world.bestuur_b)
    assert client.get(download).status_code == 404
    html = client.get(reverse("zelfscan:mijn_rapporten")).content.decode()
    assert "niet meer beschikbaar" in html and download not in html


def test_an_order_whose_owner_lost_the_role_before_it_ran_fails_with_the_reason(
    client, groot_bestuur
):
    world = groot_bestuur
    login(client, world.personas["bestuur_user_a"])
    vraag(client, world)
    Rol.objects.filter(user=world.personas["bestuur_user_a"]).delete()
    draai_taken()
    opdracht = Rapportopdracht.objects.get()
    assert (opdracht.status, opdracht.fout) == (
        "mislukt", "U heeft geen toegang meer tot dit bestuur of deze ronde.",
    )  # fmt: skip


def test_clean_up_removes_old_files_and_unconfirmed_imports_and_keeps_recent_ones(world):
    nu = timezone.now()
    for dagen, status in ((8, "klaar"), (8, "mislukt"), (1, "klaar"), (8, "wachtend")):
        o = Rapportopdracht.objects.create(
            aangevraagd_door=world.personas["bestuur_user_a"], soort="bestuur",
            ronde=world.ronde, onderwerp_id=world.bestuur_a.pk, titel=f"{dagen} {status}",
            status=status, inhoud=b"%PDF",
        )  # fmt: skip
        Rapportopdracht.objects.filter(pk=o.pk).update(
            aangevraagd_op=nu - datetime.timedelta(days=dagen)
        )
    for uren in (25, 2):
        i = Importbestand.objects.create(swv=world.swv1, user=world.personas["beheerder_a"],
                                         soort="scholen", bestandsnaam=f"{uren}.csv",
                                         inhoud=b"x")  # fmt: skip
        Importbestand.objects.filter(pk=i.pk).update(aangemaakt=nu - datetime.timedelta(hours=uren))
    for _keer in range(2):  # the scheduled command, twice: no harm
        call_command("periodiek", stdout=io.StringIO())
        draai_taken()
    assert sorted(Rapportopdracht.objects.values_list("titel", flat=True)) == [
        "1 klaar", "8 wachtend",
    ]  # fmt: skip
    assert list(Importbestand.objects.values_list("bestandsnaam", flat=True)) == ["2.csv"]


@alleen_database
def test_a_database_error_does_not_stop_the_worker(client, groot_bestuur, monkeypatch, caplog):
    from django_tasks_db.models import DBTaskResultQuerySet

    world = groot_bestuur
    login(client, world.personas["bestuur_user_a"])
    vraag(client, world)
    echt = DBTaskResultQuerySet.get_locked
    fouten = iter([OperationalError("server closed the connection unexpectedly")])

    def wankel(self):
        if (fout := next(fouten, None)) is not None:
            raise fout
        return echt(self)

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", wankel)
    monkeypatch.setattr("time.sleep", lambda s: None)
    draai_taken()
    assert Rapportopdracht.objects.get().status == "klaar"
    assert any("server closed the connection" in r.getMessage() for r in caplog.records)


def _werker(*extra) -> subprocess.Popen:
    """``manage.py werker`` as its own process on the test database."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{Path(db['NAME']).resolve()}"
    else:
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "TAAK_LEVENSTEKEN_SECONDEN": "3",
           "STATIC_ROOT": str(settings.STATIC_ROOT)}  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "manage.py", "werker", "--interval", "0.2", *extra],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip


def _wacht_tot(voorwaarde, seconden: float) -> bool:
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if voorwaarde():
            return True
        time.sleep(0.05)
    return False


def _gedood_tijdens(bezig) -> None:
    """A worker killed (no chance to tidy up) once ``bezig`` holds a row: mid-job."""
    werker = _werker()
    try:
        gezien = _wacht_tot(bezig.exists, 60)
        assert gezien, werker.stdout.read1().decode() if werker.poll() is not None else "no start"
    finally:
        werker.send_signal(signal.SIGKILL)
        werker.wait(10)


def _binnen_een_minuut_klaar(werker) -> None:
    if not _wacht_tot(Rapportopdracht.objects.filter(status="klaar").exists, 60):
        werker.kill()
        pytest.fail("not finished within a minute of a new worker starting:\n"
                    + werker.stdout.read().decode())  # fmt: skip


@alleen_database
def test_a_killed_worker_s_job_is_finished_by_the_next_and_sigterm_stops_it_cleanly(
    client, groot_bestuur
):
    world = groot_bestuur
    login(client, world.personas["bestuur_user_a"])
    vraag(client, world)
    opdracht = Rapportopdracht.objects.get()

    _gedood_tijdens(Rapportopdracht.objects.filter(status="bezig"))
    opdracht.refresh_from_db()
    assert (opdracht.status, opdracht.pogingen) == ("bezig", 1)
    from django_tasks_db.models import DBTaskResult

    gedood = DBTaskResult.objects.get(pk=opdracht.taak_id)
    assert gedood.status == "RUNNING"

    tweede = _werker()
    try:
        _binnen_een_minuut_klaar(tweede)
        opdracht.refresh_from_db()
        # (PostgreSQL hands a binary field back as a memoryview.)
        assert opdracht.pogingen == 2 and bytes(opdracht.inhoud).startswith(b"%PDF")
        # The killed try's job row says so, instead of "running" for good (issue 28).
        gedood.refresh_from_db()
        assert gedood.status == "FAILED" and "De werker stopte" in gedood.traceback
    finally:
        tweede.send_signal(signal.SIGTERM)
        assert tweede.wait(15) == 0  # stopped cleanly


@alleen_database
def test_a_worker_killed_while_making_a_part_leaves_it_to_the_next(client, groot_bestuur):
    """The same for a part: the next worker makes it again, and the rest, and puts the
    report together."""
    from zelfscan.models import Rapportdeel

    world = groot_bestuur
    login(client, world.personas["bestuur_user_a"])
    vraag(client, world)
    _gedood_tijdens(Rapportdeel.objects.filter(status="bezig"))
    (afgebroken,) = Rapportdeel.objects.filter(status="bezig")
    assert afgebroken.pogingen == 1 and Rapportopdracht.objects.get().status == "wachtend"

    tweede = _werker()
    try:
        _binnen_een_minuut_klaar(tweede)
        afgebroken.refresh_from_db()
        assert (afgebroken.status, afgebroken.pogingen) == ("klaar", 2)
        opdracht = Rapportopdracht.objects.get()
        assert opdracht.pogingen == 1 and len(opdracht.scans) == 6
        _is_een_geheel(bytes(opdracht.inhoud), ["De scholen naast elkaar", "School A",
                                                *(f"School A{i}" for i in range(5))])  # fmt: skip
    finally:
        tweede.send_signal(signal.SIGTERM)
        assert tweede.wait(15) == 0


def test_mail_leaves_through_a_job_never_in_the_request(client, world, settings, caplog):
    """The application's mail backend hands each message to a job; the job sends it, and
    tries again when the mail server fails (here: the first two times)."""
    from django.core import mail
    from django.core.mail.backends.locmem import EmailBackend

    settings.EMAIL_BACKEND = "zelfscan.mail.TaakBackend"
    settings.EMAIL_VERZEND_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TAAK_WACHTTIJD_SECONDEN = 0
    echt, storingen = EmailBackend.send_messages, iter([OSError("mailserver weg")] * 2)

    def wankel(self, berichten):
        if (fout := next(storingen, None)) is not None:
            raise fout
        return echt(self, berichten)

    EmailBackend.send_messages = wankel
    try:
        login(client, world.personas["beheerder_a"])
        response = client.post(
            reverse("zelfscan:account_nieuw", kwargs={"pk": world.swv1.pk}),
            {"email": "nieuw@example.nl", "first_name": "Nina", "last_name": "Nieuw",
             "soort": "ib_er", "school": world.school_a.pk},
        )  # fmt: skip
        assert response.status_code == 302
        assert mail.outbox == []  # nothing sent while the person waited
        draai_taken()
    finally:
        EmailBackend.send_messages = echt
    assert [m.to for m in mail.outbox] == [["nieuw@example.nl"]]
    assert "wachtwoord" in mail.outbox[0].body.lower()
    fouten = [r for r in caplog.records if r.name == "zelfscan.tasks"]
    assert [("mailserver weg" in (r.exc_text or ""), r.getMessage()) for r in fouten] == [
        (True, "Mail aan ['nieuw@example.nl']: poging 1 mislukt"),
        (True, "Mail aan ['nieuw@example.nl']: poging 2 mislukt"),
    ]


def test_a_job_delivered_twice_while_a_live_worker_makes_it_does_nothing(client, groot_bestuur):
    world = groot_bestuur
    login(client, world.personas["bestuur_user_a"])
    vraag(client, world)
    opdracht = Rapportopdracht.objects.get()
    nu = timezone.now()
    Rapportopdracht.objects.filter(pk=opdracht.pk).update(
        status="bezig", pogingen=1, gestart_op=nu, levensteken=nu
    )
    draai_taken()  # the same job again, while the other worker still signs its life
    opdracht.refresh_from_db()
    assert (opdracht.status, opdracht.pogingen, opdracht.inhoud) == ("bezig", 1, None)


def test_an_order_the_old_queue_left_half_made_is_made_again(client, groot_bestuur):
    """Rows of the queue before django-tasks: "bezig" without a sign of life, started long
    ago, and a ready file without its list of scans."""
    world = groot_bestuur
    eigenaar = world.personas["bestuur_user_a"]
    oud = timezone.now() - datetime.timedelta(hours=1)
    velden = {"aangevraagd_door": eigenaar, "soort": "bestuur", "ronde": world.ronde,
              "onderwerp_id": world.bestuur_a.pk}  # fmt: skip
    half = Rapportopdracht.objects.create(**velden, titel="half", status="bezig", gestart_op=oud)
    klaar = Rapportopdracht.objects.create(**velden, titel="klaar", status="klaar",
                                           inhoud=b"%PDF-1.7", bestandsnaam="b.pdf")  # fmt: skip
    call_command("periodiek", stdout=io.StringIO())
    draai_taken()
    half.refresh_from_db()
    assert (half.status, half.pogingen, len(half.scans)) == ("klaar", 1, 6)
    login(client, eigenaar)
    download = reverse("zelfscan:rapport_download", kwargs={"pk": klaar.pk})
    assert client.get(download).status_code == 200
    Rol.objects.filter(user=eigenaar).delete()  # no list of scans: the board decides
    assert client.get(download).status_code == 404
