"""PDF reports: rendered for real (WeasyPrint) and read back (pypdf): what they say, that the
numbers are the page's, that a note cannot make the renderer read a file, and scoping."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from ijkpunten.models import Groep, Item
from tests.pdfhulp import tekst
from tests.pdfhulp import teksten as pagina_teksten
from tests.personas import login
from tests.scanhulp import fill_all
from zelfscan.models import Antwoord, Bestuur, Zelfscan
from zelfscan.rapporten.pdf import BASIS_URL, fetcher
from zelfscan.resultaten import samenvatting

pytestmark = pytest.mark.django_db


def pdf_text(response) -> tuple[str, int]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return tekst(b"".join(response.streaming_content) if response.streaming else response.content)


def test_the_school_report_says_what_the_results_page_says(client, world):
    fill_all(world.scan_a, score=3)
    ijkpunt1 = Groep.objects.get(code="ijkpunt-1")
    eerste = Item.objects.filter(groep=ijkpunt1).order_by("volgorde").first()
    Antwoord.objects.filter(scan=world.scan_a, item=eerste).update(
        score=1, toelichting="Bewijs: het zorgplan van 2025."
    )
    samenvatting.herbereken(scan=world.scan_a)
    login(client, world.personas["school_user_a"])
    response = client.get(reverse("zelfscan:rapport_school", kwargs={"pk": world.scan_a.pk}))
    assert 'filename="zelfscan-2025-2026-11AA00-school-a.pdf"' in response["Content-Disposition"]
    text, pages = pdf_text(response)
    assert "School A" in text and "11AA00" in text and "Bestuur A" in text
    assert "ronde 2025-2026" in text and "concept" in text
    for naam in Groep.objects.filter(soort="ijkpunt").values_list("naam", flat=True):
        assert re.sub(r"\s+", " ", naam) in text, naam
    assert "Bewijs: het zorgplan van 2025." in text
    # The scores are the results page's: ijkpunt 1's mean, to two decimals, from its export.
    export = client.get(
        reverse("zelfscan:resultaat_school_export",
                kwargs={"pk": world.scan_a.pk, "tabel": "groepen", "formaat": "csv"})
    ).content.decode("utf-8-sig")  # fmt: skip
    rij = next(r for r in export.splitlines() if r.split(";")[0] == ijkpunt1.naam)
    gemiddelde = f"{float(rij.split(';')[1].replace(',', '.')):.2f}".replace(".", ",")
    assert gemiddelde == "2,78"  # 8 × 3 and one 1, over 9 items
    assert f"{ijkpunt1.naam} {gemiddelde}" in text
    assert 10 <= pages <= 60


def test_a_later_change_shows_in_a_new_report_with_its_version(client, world):
    login(client, world.personas["school_user_a"])
    url = reverse("zelfscan:rapport_school", kwargs={"pk": world.scan_a.pk})
    before, _ = pdf_text(client.get(url))
    assert "0 wijzigingen vastgelegd" in before
    item = Item.objects.get(groep__code="ijkpunt-4", code="insp-1")
    client.post(
        reverse("zelfscan:autosave", kwargs={"pk": world.scan_a.pk}),
        {"soort": "item", "id": item.pk, "versie": 0, "score": "4",
         "toelichting": "Nieuw na het eerste rapport"},
    )  # fmt: skip
    after, _ = pdf_text(client.get(url))
    assert "2 wijzigingen vastgelegd" in after  # score and note
    assert "Nieuw na het eerste rapport" in after and "Nieuw na het eerste rapport" not in before


def test_a_note_cannot_make_the_report_read_a_file(client, world):
    fill_all(world.scan_a, score=3)
    Antwoord.objects.filter(scan=world.scan_a).update(
        toelichting='<img src="file:///etc/passwd"> <link rel="stylesheet" href="file:///etc/passwd">'
    )
    login(client, world.personas["school_user_a"])
    text, _ = pdf_text(
        client.get(reverse("zelfscan:rapport_school", kwargs={"pk": world.scan_a.pk}))
    )
    assert "root:" not in text
    assert '<img src="file:///etc/passwd">' in text  # shown as the text it is


def test_the_fetcher_serves_only_our_static_files():
    own = fetcher().fetch(BASIS_URL + "static/css/rapport.css")
    assert b"@page" in own.read()
    for url in ("file:///etc/passwd", "http://127.0.0.1:5432/", "https://example.org/x.css",
                BASIS_URL + "static/../../etc/passwd", BASIS_URL + "beheer/"):  # fmt: skip
        with pytest.raises(ValueError):
            fetcher().fetch(url)


@pytest.mark.parametrize("persona", ["school_user_a", "bestuur_user_a"])
def test_out_of_scope_reports_are_404(client, world, persona):
    Zelfscan.objects.filter(pk=world.scan_b.pk).update(status="vrijgegeven")
    login(client, world.personas[persona])
    url = reverse("zelfscan:rapport_school", kwargs={"pk": world.scan_b.pk})
    assert client.get(url).status_code == 404


def test_the_bestuur_wijk_and_stad_reports_hold_their_schools_and_tables(client, world):
    from zelfscan.models import Ambitie, School
    from zelfscan.scans.workflow import ensure_scans

    School.objects.create(
        brin="44DD", naam="School D", bestuur=world.bestuur_a, wijk=world.wijk1, swv=world.swv1,
        soort="bao",
    )  # fmt: skip
    ensure_scans(ronde=world.ronde)
    for score, scan in zip((2, 3, 4), world.ronde.scans.order_by("school__naam"), strict=True):
        fill_all(scan, score=score)
    Zelfscan.objects.filter(ronde=world.ronde).update(status="vrijgegeven")
    thema = Groep.objects.filter(soort="thema").order_by("nummer").first()
    Ambitie.objects.create(scan=world.scan_a, thema=thema, expertise="brengt")
    login(client, world.personas["beheerder_a"])

    kwargs = {"pk": world.ronde.pk, "bestuur": world.bestuur_a.pk}
    response = client.get(reverse("zelfscan:rapport_bestuur", kwargs=kwargs))
    assert 'filename="bestuur-2025-2026-bestuur-a.pdf"' in response["Content-Disposition"]
    text, pages = pdf_text(response)
    assert "School A" in text and "School D" in text and "School B" not in text
    # Columns are short codes, with the full names in a legend.
    legenda = " ".join(Groep.objects.get(code="ijkpunt-13").naam.split())
    assert f"I13 {legenda}" in text
    assert pages >= 4  # cover, heatmap, overview, a section per school

    text, _ = pdf_text(
        client.get(reverse("zelfscan:rapport_wijk",
                           kwargs={"pk": world.ronde.pk, "wijk": world.wijk1.pk}))
    )  # fmt: skip
    assert "Dekkend netwerk" in text and f"{thema.naam} School A" in re.sub(r"\s+", " ", text)
    assert "gemiddelde 3,00" in text  # the wijk: schools at 2, 3 and 4

    response = client.get(reverse("zelfscan:rapport_stad", kwargs={"pk": world.ronde.pk}))
    text, _ = pdf_text(response)
    assert "Haven" in text and "Bestuur A" in text and "Bestuur B" in text
    assert "stad-2025-2026-po-99-01.pdf" in response["Content-Disposition"]


def test_the_command_writes_every_report_of_a_round_and_names_what_it_skips(world, tmp_path):
    from django.core.management import call_command

    Zelfscan.objects.filter(pk=world.scan_b.pk).update(status="vrijgegeven")
    out = io.StringIO()
    call_command(
        "rapporten_maken", world.ronde.pk, str(tmp_path), "--gebruiker", "beheerder_1",
        stdout=out,
    )  # fmt: skip
    written = sorted(p.name for p in tmp_path.iterdir())
    # School A's scan is a concept: the SWV does not see it, and the command says so.
    assert written == [
        "bestuur-2025-2026-bestuur-a.pdf",
        "bestuur-2025-2026-bestuur-b.pdf",
        "stad-2025-2026-po-99-01.pdf",
        "wijk-2025-2026-haven.pdf",
        "zelfscan-2025-2026-22BB00-school-b.pdf",
    ]
    log = out.getvalue()
    assert "Overgeslagen: School A: scan concept, niet zichtbaar voor" in log
    assert "5 rapporten geschreven" in log and "1 overgeslagen, 0 mislukt." in log
    assert "[██████████████████████████████] 5/5 stad" in log
    for pdf in tmp_path.iterdir():
        assert PdfReader(pdf).pages


def test_the_command_refuses_a_round_the_account_does_not_see(world, tmp_path):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="niet zichtbaar"):
        call_command("rapporten_maken", world.ronde.pk, str(tmp_path), "--gebruiker", "beheerder_2")


def board_with_schools(world, n, eerste=0):
    from zelfscan.models import School
    from zelfscan.scans.workflow import ensure_scans

    for i in range(eerste, eerste + n):
        School.objects.create(
            brin=f"5{i}EE", naam=f"Basisschool {i}", bestuur=world.bestuur_a, wijk=world.wijk1,
            swv=world.swv1, soort="bao",
        )  # fmt: skip
    ensure_scans(ronde=world.ronde)


@pytest.mark.django_db(transaction=True)
def test_a_large_board_report_is_made_in_the_background_for_whoever_asked(
    client, norm_vastgelegd, world
):
    """The page side of it; the job's tries and faults: ``test_achtergrondtaken.py``."""
    from django.core.management import call_command

    board_with_schools(world, 4)  # with school A: 5 schools, more than are made while waiting
    login(client, world.personas["bestuur_user_a"])
    url = reverse("zelfscan:rapport_bestuur",
                  kwargs={"pk": world.ronde.pk, "bestuur": world.bestuur_a.pk})  # fmt: skip
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("zelfscan:mijn_rapporten")
    html = response.content.decode()
    assert "wordt gemaakt" in html and "wachtend" in html and 'hx-trigger="every 3s"' in html
    call_command("werker", "--batch", "--interval", "0", stdout=io.StringIO())
    html = client.get(reverse("zelfscan:mijn_rapporten")).content.decode()
    assert "klaar: downloaden" in html and "every 3s" not in html
    from zelfscan.models import Rapportopdracht

    opdracht = Rapportopdracht.objects.get()
    download = reverse("zelfscan:rapport_download", kwargs={"pk": opdracht.pk})
    text, _pages = pdf_text(client.get(download))
    assert all(f"Basisschool {i}" in text for i in range(4)) and "School A" in text
    login(client, world.personas["bestuur_user_other"])
    assert client.get(download).status_code == 404


def test_the_bestuur_report_runs_the_same_queries_for_2_and_6_schools(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zelfscan.rapporten import maken as rapporten

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            rapporten.bestuursrapport(
                user=world.personas["beheerder_a"], ronde=world.ronde, bestuur=world.bestuur_a,
            )  # fmt: skip
        return len(ctx.captured_queries)

    board_with_schools(world, 1)
    Zelfscan.objects.filter(ronde=world.ronde).update(status="vrijgegeven")
    queries()  # what a round asks is read once per process, then kept
    twee = queries()
    board_with_schools(world, 4, eerste=1)
    Zelfscan.objects.filter(ronde=world.ronde).update(status="vrijgegeven")
    assert queries() == twee


def test_a_board_report_made_in_parts_reads_as_one_whatever_the_board_is_called(world):
    """The parts' running header is set in CSS from the board's name: a name with quotes, a
    backslash and an end tag stays that name, on every page; the pages are numbered through
    and the contents say where each part starts."""
    from zelfscan.rapporten import maken as rapporten

    naam = 'Stichting "Ons" \\ </style><p>Kwaad</p>'
    Bestuur.objects.filter(pk=world.bestuur_a.pk).update(naam=naam)
    board_with_schools(world, 1)
    Zelfscan.objects.filter(ronde=world.ronde).update(status="vrijgegeven")
    rapport = rapporten.bestuursrapport(
        user=world.personas["beheerder_a"], ronde=world.ronde,
        bestuur=Bestuur.objects.get(pk=world.bestuur_a.pk),
    )  # fmt: skip
    teksten = pagina_teksten(rapport.inhoud)
    m = len(teksten)
    assert all(f"pagina {n} van {m}" in t for n, t in enumerate(teksten, start=1))
    # Every page after the cover carries the name in its header, exactly (on a part's pages
    # set in CSS: unescaped, the name would end the string and the style element).
    assert all(naam in t for t in teksten[1:]), teksten[-1][:300]
    inhoud = teksten[1]
    for school in ("Basisschool 0", "School A"):
        (begin,) = re.findall(rf"{school} (\d+)", inhoud)
        assert re.search(rf"(^| ){school} \w+ · status", teksten[int(begin) - 1]), school


def test_a_board_report_without_a_school_the_viewer_sees_has_no_empty_page(world):
    """The SWV sees released scans only: with none released, the cover, the contents and the
    overview, and no part of schools."""

    from zelfscan.rapporten import maken as rapporten

    rapport = rapporten.bestuursrapport(
        user=world.personas["beheerder_a"], ronde=world.ronde, bestuur=world.bestuur_a
    )
    teksten = pagina_teksten(rapport.inhoud)
    inhoud = next(t for t in teksten if "Inhoud" in t)
    assert re.findall(r"De scholen naast elkaar (\d+)", inhoud) == ["3"]
    assert "School A" not in inhoud
    # Every page holds more than its running header and footer.
    kaal = [
        t
        for t in teksten
        if len(
            re.sub(r"Bestuur A|ronde 2025-2026|gemaakt op [^p]*|pagina \d+ van \d+", "", t).strip()
        )
        < 20
    ]
    assert kaal == []
