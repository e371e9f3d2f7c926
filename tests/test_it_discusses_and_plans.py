"""The conversation and the development plan: the drafted agenda, recording the conversation,
who may edit what, carry-over into the next round, and the consulent's overview."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from ijkpunten.models import Groep, Item, Risicosignaal
from tests.personas import login, open_round
from tests.scanhulp import fill_all
from zelfscan.models import (
    Ambitie,
    Antwoord,
    Gesprek,
    Notitie,
    Ontwikkelpunt,
    Signaalantwoord,
    Statusovergang,
    Trajectstap,
    Zelfscan,
)
from zelfscan.resultaten import samenvatting
from zelfscan.vervolg.gesprekken import concept_agenda

pytestmark = pytest.mark.django_db

VANDAAG = timezone.localdate()


def groep(code):
    return Groep.objects.get(normkader__code="anb-2024", code=code)


def items(code):
    return list(Item.objects.filter(groep__code=code).order_by("volgorde"))


def punt(world, titel, deadline, status="gepland", **koppeling):
    return Ontwikkelpunt.objects.create(
        school=world.school_a, titel=titel, doel="doel", acties="acties", eigenaar="IB",
        deadline=deadline, status=status, **(koppeling or {"groep": groep("ijkpunt-2")}),
    )  # fmt: skip


@pytest.fixture
def tweede_ronde(world):
    """Last year all at 3 (completed); this year released, with known weak spots."""
    fill_all(world.scan_a, score=3)
    Zelfscan.objects.filter(pk=world.scan_a.pk).update(status="afgerond")
    vorig = world.scan_a
    open_round(world, "2026-2027")
    scan = world.scan_a
    fill_all(scan, score=3)
    eerste = items("ijkpunt-1")[0]
    Antwoord.objects.filter(scan=scan, item=eerste).update(score=1)
    Antwoord.objects.filter(scan=scan, item__groep__code="ijkpunt-5").update(score=2)
    samenvatting.herbereken(scan=scan)
    signaal = Risicosignaal.objects.filter(groep__code="ijkpunt-3").order_by("volgorde").first()
    Signaalantwoord.objects.create(scan=scan, signaal=signaal, aangevinkt=True)
    Ambitie.objects.create(scan=scan, thema=groep("thema-1"), expertise="zoekt")
    Ambitie.objects.create(scan=scan, thema=groep("thema-2"), expertise="brengt")
    Zelfscan.objects.filter(pk=scan.pk).update(status="vrijgegeven")
    scan.refresh_from_db()
    return scan, vorig, eerste, signaal


def test_the_agenda_holds_exactly_the_points_the_scan_gives(world, tweede_ronde):
    scan, _vorig, eerste, signaal = tweede_ronde
    te_laat = punt(world, "Leesplan afmaken", VANDAAG - datetime.timedelta(days=3))
    punt(world, "Al afgerond", VANDAAG - datetime.timedelta(days=30), status="afgerond")
    punt(world, "Nog op tijd", VANDAAG + datetime.timedelta(days=30))
    ijk1, ijk5 = groep("ijkpunt-1"), groep("ijkpunt-5")
    n1, n5 = len(items("ijkpunt-1")), len(items("ijkpunt-5"))
    gem1 = f"{(3 * (n1 - 1) + 1) / n1:.2f}".replace(".", ",")
    # Most urgent first, in sentences (issue 13): the overdue point, then the groups that do
    # not meet the norm from the lowest mean, the items scored 1, signals, changes, expertise.
    assert [(p.soort, p.tekst) for p in concept_agenda(scan=scan)] == [
        ("ontwikkelpunt", f"Ontwikkelpunt over de deadline ({te_laat.deadline:%d-%m-%Y}): "
                          "Leesplan afmaken."),
        ("voldoet_niet", f"{ijk5.naam.rstrip('.')}: voldoet niet (gemiddelde 2,00; {n5} van "
                         f"{n5} indicatoren onder de drempel)."),
        ("voldoet_niet", f"{ijk1.naam.rstrip('.')}: voldoet niet (gemiddelde {gem1}; 1 van {n1} "
                         "indicatoren onder de drempel)."),
        ("score_1", f"Score 1 bij {eerste.code} ({ijk1.naam}): {eerste.tekst}"),
        ("signaal", f"Risicosignaal bij {groep('ijkpunt-3').naam}: {signaal.tekst}"),
        ("verandering", f"{ijk5.naam}: gedaald van 3,00 naar 2,00 sinds 2025-2026."),
        ("zoekt_expertise",
         f"De school zoekt expertise: {groep('thema-1').naam.rstrip('.')}."),
    ]  # fmt: skip


def post_gesprek(client, scan, **extra):
    data = {"datum": VANDAAG.isoformat(), "deelnemers": "Consulent: C\nIB-er: A",
            "agenda": "- punt 1", "notities": "Goed gesprek.", "afspraken": "Leesplan in mei.",
            "besproken": "on", **extra}  # fmt: skip
    return client.post(reverse("zelfscan:gesprek_vastleggen", kwargs={"pk": scan.pk}), data)


def test_the_consulent_records_the_conversation_and_the_school_and_board_read_it(
    client, world, tweede_ronde
):
    scan = tweede_ronde[0]
    login(client, world.personas["consulent_a"])
    page = client.get(reverse("zelfscan:gesprek", kwargs={"pk": scan.pk})).content.decode()
    assert "voldoet niet" in page and "Gesprek vastleggen" in page  # the drafted agenda
    assert post_gesprek(client, scan).status_code == 302
    scan.refresh_from_db()
    assert scan.status == "besproken"
    assert Statusovergang.objects.filter(scan=scan, naar="besproken").count() == 1
    for persona in ("school_user_a", "bestuur_user_a"):
        login(client, world.personas[persona])
        html = client.get(reverse("zelfscan:gesprek", kwargs={"pk": scan.pk})).content.decode()
        assert "Leesplan in mei." in html and "Gesprek vastleggen" not in html
        assert post_gesprek(client, scan).status_code == 403
    login(client, world.personas["consulent_other"])
    assert client.get(reverse("zelfscan:gesprek", kwargs={"pk": scan.pk})).status_code == 404
    assert post_gesprek(client, scan).status_code == 404
    assert Gesprek.objects.count() == 1


def test_a_bad_conversation_is_refused_in_dutch_and_keeps_what_was_typed(
    client, world, tweede_ronde
):
    scan = tweede_ronde[0]
    login(client, world.personas["consulent_a"])
    morgen = (VANDAAG + datetime.timedelta(days=1)).isoformat()
    response = post_gesprek(client, scan, datum=morgen, notities="Niet kwijtraken")
    assert response.status_code == 400
    html = response.content.decode()
    assert "de datum ligt in de toekomst" in html and "Niet kwijtraken" in html
    response = post_gesprek(client, scan, agenda="   ")
    assert "Vul de agenda in." in response.content.decode()
    assert Gesprek.objects.count() == 0
    scan.refresh_from_db()
    assert scan.status == "vrijgegeven"


def plan_url(world, naam="ontwikkelplan", **kwargs):
    return reverse(f"zelfscan:{naam}", kwargs={"pk": world.school_a.pk, **kwargs})


def test_the_school_edits_its_plan_the_consulent_comments_the_board_reads(
    client, world, tweede_ronde
):
    eerste = tweede_ronde[2]
    nieuw = {"koppeling": f"item:{eerste.pk}", "titel": "Beleid op papier",
             "doel": "Voor 1 juni staat het beleid in het schoolplan.", "acties": "Schrijven",
             "eigenaar": "Directeur", "deadline": "2027-06-01"}  # fmt: skip
    login(client, world.personas["bestuur_user_a"])
    assert client.post(plan_url(world, "punt_toevoegen"), nieuw).status_code == 403
    assert Ontwikkelpunt.objects.count() == 0
    login(client, world.personas["school_user_a"])
    assert client.post(plan_url(world, "punt_toevoegen"), nieuw).status_code == 302
    p = Ontwikkelpunt.objects.get()
    assert (p.item, p.groep, p.scan) == (eerste, None, world.scan_a)
    status_url = plan_url(world, "punt_status", punt=p.pk)
    client.post(status_url, {"status": "bezig", "toelichting": "gestart"})
    notitie_url = plan_url(world, "punt_notitie", punt=p.pk)
    client.post(notitie_url, {"datum": VANDAAG.isoformat(), "tekst": "Eerste versie klaar"})
    login(client, world.personas["consulent_a"])
    client.post(notitie_url, {"datum": VANDAAG.isoformat(), "tekst": "Mooi, deel het team"})
    assert client.post(status_url, {"status": "afgerond"}).status_code == 403
    login(client, world.personas["bestuur_user_a"])
    assert client.post(notitie_url, {"datum": VANDAAG.isoformat(), "tekst": "x"}).status_code == 403
    assert [(n.soort, n.tekst) for n in Notitie.objects.order_by("pk")] == [
        ("voortgang", "Status: gepland → bezig. gestart"),
        ("voortgang", "Eerste versie klaar"),
        ("opmerking", "Mooi, deel het team"),
    ]
    html = client.get(plan_url(world)).content.decode()
    assert "Beleid op papier" in html and "Mooi, deel het team" in html
    assert "Ontwikkelpunt toevoegen" not in html  # the board reads
    login(client, world.personas["bestuur_user_other"])
    assert client.get(plan_url(world)).status_code == 404
    assert client.post(notitie_url, {"datum": VANDAAG.isoformat(), "tekst": "x"}).status_code == 404


def test_bad_plan_input_is_refused_in_dutch_and_changes_nothing(client, world, tweede_ronde):
    login(client, world.personas["school_user_a"])
    for data, melding in (
        ({"koppeling": "", "titel": "t", "doel": "d", "acties": "a", "eigenaar": "e",
          "deadline": "2027-01-01"}, "Kies het ijkpunt, thema of de indicator"),
        ({"koppeling": f"groep:{groep('ijkpunt-1').pk}", "titel": "t", "doel": "d",
          "acties": "a", "eigenaar": "e", "deadline": "1-1-2027"}, "Vul een deadline in"),
        ({"koppeling": f"groep:{groep('ijkpunt-1').pk}", "titel": "x" * 201, "doel": "d",
          "acties": "a", "eigenaar": "e", "deadline": "2027-01-01"}, "er passen er hoogstens 200"),
    ):  # fmt: skip
        response = client.post(plan_url(world, "punt_toevoegen"), data)
        assert response.status_code == 400 and melding in response.content.decode()
    assert Ontwikkelpunt.objects.count() == 0
    response = client.post(plan_url(world, "trajectstappen"), {"datum-1": "morgen"})
    assert "Stap 1: vul een geldige datum in." in response.content.decode()
    stappen = {"datum-1": "2026-09-01", "resultaat-1": "Intake gedaan", "datum-2": ""}
    client.post(plan_url(world, "trajectstappen"), stappen)
    assert [(t.stap, t.datum, t.resultaat) for t in Trajectstap.objects.all()] == [
        (1, datetime.date(2026, 9, 1), "Intake gedaan"), (2, None, ""),
    ]  # fmt: skip


def test_open_points_come_back_beside_their_item_in_the_next_round_with_the_score_moved(
    client, world, tweede_ronde
):
    scan, _vorig, eerste, _signaal = tweede_ronde
    login(client, world.personas["school_user_a"])
    client.post(plan_url(world, "punt_toevoegen"), {
        "koppeling": f"item:{eerste.pk}", "titel": "Beleid op papier", "doel": "d",
        "acties": "a", "eigenaar": "e", "deadline": "2027-06-01"})  # fmt: skip
    punt(world, "Klaar punt", VANDAAG, status="afgerond", item=items("ijkpunt-1")[1])
    Zelfscan.objects.filter(pk=scan.pk).update(status="afgerond")
    open_round(world, "2027-2028")
    volgende = world.scan_a
    fill_all(volgende, score=4)
    html = client.get(
        reverse("zelfscan:scan_deel", kwargs={"pk": volgende.pk, "deel": "ijkpunt-1"})
    ).content.decode()
    blok = html[html.index(f'id="antwoord-{eerste.pk}"') :]
    blok = blok[: blok.index("</fieldset>")]
    assert "data-ontwikkelpunt" in blok and "Beleid op papier" in blok
    assert "Klaar punt" not in html
    # The results page shows whether the score moved: 1 when the point was set, 4 now.
    Zelfscan.objects.filter(pk=volgende.pk).update(status="vrijgegeven")
    page = client.get(reverse("zelfscan:resultaat_school", kwargs={"pk": volgende.pk}))
    rij = page.content.decode().split("Beleid op papier")[1].split("</tr>")[0]
    assert "1,00" in rij and "4,00" in rij


def test_the_consulent_overview_sorts_and_exports(client, world, tweede_ronde):
    scan = tweede_ronde[0]
    punt(world, "Te laat", VANDAAG - datetime.timedelta(days=1))
    login(client, world.personas["consulent_a"])
    post_gesprek(client, scan)
    html = client.get(reverse("zelfscan:consulent") + "?sorteer=achterstand").content.decode()
    assert "School A" in html and "School B" not in html
    export = client.get(reverse("zelfscan:consulent_export", kwargs={"formaat": "csv"}))
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1] == ["School A", "11AA00", "2026-2027", "besproken", VANDAAG.isoformat(), "1"]


def test_notes_and_agreements_may_stay_empty(client, world, tweede_ronde):
    scan = tweede_ronde[0]
    login(client, world.personas["consulent_a"])
    assert post_gesprek(client, scan, notities="", afspraken="", besproken="").status_code == 302
    gesprek = Gesprek.objects.get()
    assert (gesprek.notities, gesprek.afspraken) == ("", "")
    scan.refresh_from_db()
    assert scan.status == "vrijgegeven"  # not marked besproken: the box was not ticked


def test_the_school_report_holds_the_conversation_and_the_plan(client, world, tweede_ronde):
    from tests.pdfhulp import tekst

    scan, _vorig, eerste, _signaal = tweede_ronde
    login(client, world.personas["consulent_a"])
    post_gesprek(client, scan, afspraken="Leesplan klaar in mei.")
    login(client, world.personas["school_user_a"])
    client.post(plan_url(world, "punt_toevoegen"), {
        "koppeling": f"item:{eerste.pk}", "titel": "Beleid op papier", "doel": "Voor juni.",
        "acties": "Schrijven", "eigenaar": "Directeur", "deadline": "2027-06-01"})  # fmt: skip
    response = client.get(reverse("zelfscan:rapport_school", kwargs={"pk": scan.pk}))
    text, _pages = tekst(response.content)
    assert "Het gesprek" in text and "Leesplan klaar in mei." in text
    assert "Ontwikkelplan" in text and "Beleid op papier" in text and "bij het stellen 1,00" in text


def test_the_consulent_overview_runs_the_same_queries_for_1_and_20_schools(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zelfscan.models import Rol, School
    from zelfscan.scans.workflow import ensure_scans

    consulent = world.personas["consulent_a"]
    login(client, consulent)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("zelfscan:consulent")).status_code == 200
        return len(ctx.captured_queries)

    count()  # the first request of a session does its own bookkeeping
    klein = count()
    for i in range(19):
        school = School.objects.create(
            brin=f"6{i:02d}X"[:4], vestigingsnummer=f"{i:02d}", naam=f"Extra {i}",
            bestuur=world.bestuur_a, wijk=world.wijk1, swv=world.swv1, soort="bao",
        )  # fmt: skip
        Rol.objects.create(user=consulent, soort="consulent", school=school)
    ensure_scans(ronde=world.ronde)
    Zelfscan.objects.filter(ronde=world.ronde).update(status="vrijgegeven")
    punt(world, "Te laat", VANDAAG - datetime.timedelta(days=1))
    # 10: one of them asks, on every request, whether the person has a second factor; the menu
    # no longer asks whether a consulent sees schools (their "Mijn scholen" is the list), asks
    # for the newest round its "Resultaten" opens (issue 14) and counts the person's unread
    # notifications (issue 16).
    assert count() == klein == 10


def test_a_point_on_a_shared_indicator_shows_wherever_the_indicator_is_asked(client, world):
    gedeeld = groep("aspect-1").gedeelde_items.select_related("groep").first()
    punt(world, "Gedeeld punt", VANDAAG, item=gedeeld)
    login(client, world.personas["school_user_a"])
    for deel in (gedeeld.groep.code if gedeeld.groep.soort != "toezichtkader" else "toezichtkader",
                 "anb"):  # fmt: skip
        html = client.get(
            reverse("zelfscan:scan_deel", kwargs={"pk": world.scan_a.pk, "deel": deel})
        ).content.decode()
        blok = html[html.index(f'id="antwoord-{gedeeld.pk}"') :]
        assert "Gedeeld punt" in blok[: blok.index("</fieldset>")], deel


def test_each_step_of_the_programme_says_what_happens_and_what_it_yields(client, world):
    """003's seven steps, verbatim, beside the school's own date and result of each (issue
    15, part 6): for the school that records them and the board that reads them."""
    for persona in ("school_user_a", "bestuur_user_a"):
        login(client, world.personas[persona])
        html = client.get(plan_url(world)).content.decode()
        assert html.count("Wat gebeurt er, en wat levert het op?") == 7
        assert "<strong>Het resultaat van stap 2:</strong> de belemmerende en de stimulerende " \
               "factoren zijn in beeld gebracht." in html  # fmt: skip
        assert '<p class="mb-1">Gesprekken voeren met leerlingen, leerkrachten, intern ' \
               "begeleider en ouders</p>" in html  # fmt: skip
