"""Results: the rules on small hand-computed examples, the summary kept current, the totals of
wijk and stad, the small-group rule, exports, and query counts that do not grow."""

import csv
import io
import random
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ijkpunten.models import Groep, Item
from tests.personas import login
from tests.scanhulp import autosave, fill_all
from zelfscan.models import (
    Ambitie,
    Antwoord,
    Groepsresultaat,
    Kengetallen,
    School,
    Zelfscan,
)
from zelfscan.resultaten import rekenregels as regels
from zelfscan.resultaten import samenvatting
from zelfscan.scans.workflow import ensure_scans

pytestmark = pytest.mark.django_db

T = regels.Telling


# --- the rules, by hand


def test_a_group_leaves_out_nvt_not_asked_and_open_items_and_counts_them():
    # 6 items: 1 not asked (SBO only), 1 n.v.t., scores 1 and 3, 2 open.
    u = regels.uitslag(
        T(items=6, niet_gevraagd=1, nvt=1, n1=1, n3=1), regels.Voldoetregel(drempel=3)
    )
    assert (u.gemiddelde, u.aandeel_voldoende, u.voldoet) == (2.0, 0.5, None)
    assert (u.telling.open, u.telling.niet_van_toepassing, u.telling.gescoord) == (2, 2, 2)


def test_a_group_voldoet_only_when_every_applicable_item_reaches_the_threshold():
    assert regels.uitslag(T(items=3, n3=2, n4=1), regels.Voldoetregel(drempel=3)).voldoet is True
    below = regels.uitslag(T(items=3, n2=1, n4=2), regels.Voldoetregel(drempel=3))
    assert (below.voldoet, round(below.gemiddelde, 4), below.aandeel_voldoende) == (
        False,
        round(10 / 3, 4),
        2 / 3,
    )
    # The threshold belongs to the Normkader: at 4, a 3 is not enough.
    assert regels.uitslag(T(items=3, n3=2, n4=1), regels.Voldoetregel(drempel=4)).voldoet is False
    # Only n.v.t.: nothing scored, nothing below the threshold.
    empty = regels.uitslag(T(items=2, nvt=2), regels.Voldoetregel(drempel=3))
    assert (empty.gemiddelde, empty.aandeel_voldoende, empty.voldoet) == (None, None, True)


def test_the_basisnorm_needs_basic_quality_and_every_basisnorm_group():
    ok = regels.uitslag(T(items=1, n3=1), regels.Voldoetregel(drempel=3))
    bad = regels.uitslag(T(items=1, n2=1), regels.Voldoetregel(drempel=3))
    open_ = regels.uitslag(T(items=1), regels.Voldoetregel(drempel=3))
    assert regels.voldoet_aan_basisnorm(inspectieoordeel="voldoende", basisnorm_uitslagen=[ok])
    assert (
        regels.voldoet_aan_basisnorm(inspectieoordeel="zeer_zwak", basisnorm_uitslagen=[ok])
        is False
    )
    # Without a recorded judgement the school's own score on aspect 1 (among the groups)
    # stands for its basiskwaliteit (issue 15).
    assert regels.voldoet_aan_basisnorm(inspectieoordeel="", basisnorm_uitslagen=[ok]) is True
    assert regels.voldoet_aan_basisnorm(inspectieoordeel="", basisnorm_uitslagen=[ok, bad]) is False
    assert (
        regels.voldoet_aan_basisnorm(inspectieoordeel="voldoende", basisnorm_uitslagen=[open_])
        is None
    )
    assert [regels.schaalwaarde(m) for m in (1.0, 1.49, 1.5, 2.5, 3.49, 3.5, 4.0)] == [
        1, 1, 2, 3, 3, 4, 4,
    ]  # fmt: skip


# --- the summary is kept current


def rij(scan, groep_code=None):
    groep = None if groep_code is None else Groep.objects.get(code=groep_code)
    return Groepsresultaat.objects.get(scan=scan, groep=groep)


def test_every_autosave_moves_the_summary_and_it_matches_a_full_count(client, world):
    login(client, world.personas["school_user_a"])
    items = list(Item.objects.filter(groep__code__in=["ijkpunt-4", "aspect-1"]))
    nvt_items = [i for i in items if i.nvt_toegestaan]
    rng = random.Random(7)  # noqa: S311 - a fixed seed: the same changes every run
    versies = {}
    for _ in range(120):
        i = rng.choice(items)
        keuze = rng.choice(["1", "2", "3", "4", ""] + (["nvt"] if i in nvt_items else []))
        response = autosave(
            client, world.scan_a, ident=i.pk, versie=versies.get(i.pk, 0), score=keuze
        )
        assert response.status_code == 200, response.content
        versies[i.pk] = response.json()["versie"]
    assert samenvatting.verschillen(scan=world.scan_a) == []
    # And by hand for one group: its answers counted straight from the table.
    scores = list(
        world.scan_a.antwoorden.filter(item__groep__code="ijkpunt-4").values_list("score", "nvt")
    )
    r = rij(world.scan_a, "ijkpunt-4")
    assert (r.n1, r.n2, r.n3, r.n4, r.nvt) == (
        *(sum(1 for s, n in scores if s == k) for k in (1, 2, 3, 4)),
        sum(1 for _s, n in scores if n),
    )


def test_a_shared_item_counts_in_both_groups_and_once_in_the_whole(client, world):
    gedeeld = Groep.objects.get(code="aspect-1").gedeelde_items.first()
    login(client, world.personas["school_user_a"])
    assert autosave(client, world.scan_a, ident=gedeeld.pk, score="2").status_code == 200
    assert rij(world.scan_a, gedeeld.groep.code).n2 == 1
    assert rij(world.scan_a, "aspect-1").n2 == 1
    assert rij(world.scan_a).n2 == 1


def test_prefilled_answers_count_nowhere_until_confirmed(client, world):
    """Found from outside (issue 29): after "Begin met de antwoorden van vorig jaar" every part
    showed 33/33, the start page "280 van 280 items beantwoord" and the results "280
    gescoord", although the page said they count once confirmed. A proposal is not an
    answer: it counts nowhere until the school confirms or changes it."""
    fill_all(world.scan_a, score=4)
    Zelfscan.objects.filter(pk=world.scan_a.pk).update(status="afgerond")
    from tests.personas import open_round

    ronde = open_round(world, "2026-2027")
    nieuw = ronde.scans.get(school=world.school_a)
    login(client, world.personas["school_user_a"])
    client.post(reverse("zelfscan:scan_overnemen", kwargs={"pk": nieuw.pk}))
    assert Antwoord.objects.filter(scan=nieuw, uit_vorige_scan=True).count() == 280
    # Counted nowhere: the summary, the start page, the part's progress, the results.
    r = rij(nieuw)
    assert (r.n1, r.n2, r.n3, r.n4, r.nvt) == (0, 0, 0, 0, 0)
    assert samenvatting.verschillen(scan=nieuw) == []
    start = client.get(reverse("zelfscan:start")).content.decode()
    assert "0 van 280 items beantwoord" in start
    assert "280 antwoorden uit vorig jaar nog te bevestigen" in start
    deel = client.get(
        reverse("zelfscan:scan_deel", kwargs={"pk": nieuw.pk, "deel": "ijkpunt-4"})
    ).content.decode()
    assert re.search(r'id="voortgang-deel"[^>]*>0 van \d+ beantwoord', deel)
    resultaat = client.get(
        reverse("zelfscan:resultaat_school", kwargs={"pk": nieuw.pk})
    ).content.decode()
    assert "280 gescoord" not in resultaat
    # One answer confirmed by saving it unchanged counts at once; then all of them.
    eerste = Antwoord.objects.filter(scan=nieuw).order_by("item_id").first()
    assert autosave(client, nieuw, ident=eerste.item_id, versie=1, score="4").status_code == 200
    assert rij(nieuw).n4 == 1
    assert samenvatting.verschillen(scan=nieuw) == []
    client.post(reverse("zelfscan:scan_bevestigen", kwargs={"pk": nieuw.pk}), {"nagekeken": "on"})
    assert rij(nieuw).n4 == rij(world.scan_a).n4 > 200
    assert samenvatting.verschillen(scan=nieuw) == []
    assert "280 van 280 items beantwoord" in client.get(reverse("zelfscan:start")).content.decode()


# --- totals, visibility and the small-group rule


def school_in_wijk1(world, naam, brin, bestuur=None):
    school = School.objects.create(
        brin=brin, naam=naam, bestuur=bestuur or world.bestuur_a, wijk=world.wijk1,
        swv=world.swv1, soort="bao",
    )  # fmt: skip
    ensure_scans(ronde=world.ronde)
    return world.ronde.scans.get(school=school)


def released(scan, score):
    fill_all(scan, score=score)
    Zelfscan.objects.filter(pk=scan.pk).update(status="vrijgegeven")


def csv_rows(response):
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_wijk_mean_is_the_mean_of_released_school_means(client, world):
    scan_d = school_in_wijk1(world, "School D", "44DD")
    released(world.scan_a, 2)
    released(world.scan_b, 3)
    released(scan_d, 4)
    concept = school_in_wijk1(world, "School E", "55EE")
    fill_all(concept, score=1)  # a concept: not in any total
    login(client, world.personas["beheerder_a"])
    rows = csv_rows(
        client.get(
            reverse("zelfscan:resultaat_stad_export",
                    kwargs={"pk": world.ronde.pk, "tabel": "wijken", "formaat": "csv"})
        )
    )  # fmt: skip
    header, haven = rows[0], rows[1]
    # 3 schools; 2 meet the basisnorm (the 3 and the 4: no inspection judgement recorded, so
    # their own scores stand)
    assert haven[:4] == ["Haven", "3", "2", "3,0"]
    assert header[4] == Groep.objects.filter(soort="anb_aspect").order_by("nummer")[0].naam
    page = client.get(reverse("zelfscan:resultaat_stad", kwargs={"pk": world.ronde.pk}))
    html = page.content.decode()
    assert "3 vrijgegeven scans tellen mee." in html
    # The schools over the scale: means 2, 3 and 4 (the concept's 1 does not count).
    verdeling = re.findall(r'<th scope="row">([1-4])</th><td>(\d+)</td>', html)
    assert verdeling == [("1", "0"), ("2", "1"), ("3", "1"), ("4", "1")]


def test_fewer_than_three_schools_are_hidden_outside_the_swv(client, world):
    released(world.scan_a, 2)
    released(world.scan_b, 4)
    url = reverse(
        "zelfscan:resultaat_stad_export",
        kwargs={"pk": world.ronde.pk, "tabel": "wijken", "formaat": "csv"},
    )
    login(client, world.personas["school_user_a"])
    haven = csv_rows(client.get(url))[1]
    assert haven[:4] == ["Haven", "2", "", ""]
    # The school's own page: its wijk and city (A and B) would give away school B's mean.
    groepen_url = reverse(
        "zelfscan:resultaat_school_export",
        kwargs={"pk": world.scan_a.pk, "tabel": "groepen", "formaat": "csv"},
    )
    rows = csv_rows(client.get(groepen_url))[1:]
    assert rows and {(r[6], r[7]) for r in rows} == {("", "")}
    html = client.get(
        reverse("zelfscan:resultaat_school", kwargs={"pk": world.scan_a.pk})
    ).content.decode()
    assert "3,00" not in html and "verborgen" in html
    login(client, world.personas["beheerder_a"])
    haven = csv_rows(client.get(url))[1]
    assert haven[:4] == ["Haven", "2", "1", "3,0"]
    assert {(r[6], r[7]) for r in csv_rows(client.get(groepen_url))[1:]} == {("3,0", "3,0")}


def bestuur_csv(world):
    return reverse(
        "zelfscan:resultaat_bestuur_export",
        kwargs={"pk": world.ronde.pk, "bestuur": world.bestuur_a.pk, "tabel": "scholen",
                "formaat": "csv"},
    )  # fmt: skip


def test_the_board_sees_its_concept_scans_the_swv_only_released_ones(client, world):
    scan_d = school_in_wijk1(world, "School D", "44DD")
    fill_all(world.scan_a, score=2)  # concept
    released(scan_d, 4)
    url = bestuur_csv(world)
    login(client, world.personas["bestuur_user_a"])
    assert [r[0] for r in csv_rows(client.get(url))[1:]] == ["School A", "School D"]
    login(client, world.personas["beheerder_a"])
    rows = csv_rows(client.get(url))
    assert [r[0] for r in rows[1:]] == ["School D"]
    assert rows[1][4] == "4,0"


def test_exports_are_formula_safe_and_follow_the_filter(client, world):
    scan = school_in_wijk1(world, "=HYPERLINK(1)", "66FF")
    released(scan, 3)
    sbo = School.objects.create(
        brin="77GG", naam="SBO De Brug", bestuur=world.bestuur_a, wijk=world.wijk1,
        swv=world.swv1, soort="sbo",
    )  # fmt: skip
    ensure_scans(ronde=world.ronde)
    released(world.ronde.scans.get(school=sbo), 3)
    base = bestuur_csv(world)
    login(client, world.personas["beheerder_a"])
    response = client.get(base)
    assert "=HYPERLINK" not in [r[0] for r in csv_rows(response)[1:]]
    assert "'=HYPERLINK(1)" in [r[0] for r in csv_rows(response)[1:]]
    assert 'filename="bestuur-2025-2026-bestuur-a.csv"' in response["Content-Disposition"]
    filtered = client.get(base + "?soort=sbo")
    assert [r[0] for r in csv_rows(filtered)[1:]] == ["SBO De Brug"]
    assert "bestuur-2025-2026-bestuur-a-sbo.csv" in filtered["Content-Disposition"]
    xlsx = client.get(base.replace(".csv", ".xlsx"))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(base.replace(".csv", ".pdf")).status_code == 404


def test_the_wijk_shows_its_dekkend_netwerk(client, world):
    scan_d = school_in_wijk1(world, "School D", "44DD")
    for scan in (world.scan_a, world.scan_b, scan_d):
        released(scan, 3)
    themas = list(Groep.objects.filter(soort="thema").order_by("nummer"))
    Ambitie.objects.create(scan=world.scan_a, thema=themas[0], expertise="brengt")
    Ambitie.objects.create(scan=scan_d, thema=themas[0], expertise="zoekt")
    Ambitie.objects.create(scan=world.scan_b, thema=themas[1], expertise="zoekt")
    login(client, world.personas["beheerder_a"])
    rows = csv_rows(
        client.get(
            reverse("zelfscan:resultaat_wijk_export",
                    kwargs={"pk": world.ronde.pk, "wijk": world.wijk1.pk, "tabel": "netwerk",
                            "formaat": "csv"})
        )
    )  # fmt: skip
    assert rows[1] == [themas[0].naam, "School A", "School D"]
    assert rows[2] == [themas[1].naam, "", "School B"]
    assert len(rows) == 1 + 6


def test_the_dekkend_netwerk_is_hidden_where_the_wijks_figures_are(client, world):
    """Found from outside (issue 28): the network named other boards' schools and the
    expertise they seek to a viewer for whom the wijk's figures were hidden."""
    for scan in (world.scan_a, world.scan_b):
        released(scan, 3)
    thema = Groep.objects.filter(soort="thema").order_by("nummer").first()
    Ambitie.objects.create(scan=world.scan_b, thema=thema, expertise="zoekt")
    kwargs = {"pk": world.ronde.pk, "wijk": world.wijk1.pk}
    export = reverse("zelfscan:resultaat_wijk_export",
                     kwargs={**kwargs, "tabel": "netwerk", "formaat": "csv"})  # fmt: skip
    rapport = reverse("zelfscan:rapport_wijk", kwargs=kwargs)
    # School A's consulent sees school A; of the wijk's two schools only B is unknown to them.
    login(client, world.personas["consulent_a"])
    html = client.get(reverse("zelfscan:resultaat_wijk", kwargs=kwargs)).content.decode()
    netwerk = html[html.index("Dekkend netwerk") :]
    assert "Niet getoond: de cijfers van de wijk zijn verborgen" in netwerk
    assert "School B" not in netwerk
    assert client.get(export).status_code == 404
    from tests.test_it_makes_reports import pdf_text

    text, _pages = pdf_text(client.get(rapport))
    assert "School B" not in text and "Niet getoond" in text
    # The SWV sees it.
    login(client, world.personas["beheerder_a"])
    assert csv_rows(client.get(export))[1] == [thema.naam, "", "School B"]


def test_the_school_page_shows_its_result_and_the_kengetallen_signals(client, world):
    fill_all(world.scan_a, score=3)
    Kengetallen.objects.filter(scan=world.scan_a).update(
        leerlingen=500, ib_fte="0.80", inspectieoordeel="voldoende"
    )
    login(client, world.personas["school_user_a"])
    html = client.get(
        reverse("zelfscan:resultaat_school", kwargs={"pk": world.scan_a.pk})
    ).content.decode()
    # 0,80 is below 0,0021 × 500 = 1,05.
    assert "IB-fte 0,80 is lager dan de norm van 0,0021 fte per leerling (1,05 bij 500" in html
    # Three decimals where the third counts: 0,0021 × 250 = 0,525.
    Kengetallen.objects.filter(scan=world.scan_a).update(leerlingen=250, ib_fte="0.524")
    html = client.get(
        reverse("zelfscan:resultaat_school", kwargs={"pk": world.scan_a.pk})
    ).content.decode()
    assert "IB-fte 0,524 is lager dan de norm van 0,0021 fte per leerling (0,525 bij 250" in html
    assert "<svg" in html
    rows = csv_rows(
        client.get(
            reverse("zelfscan:resultaat_school_export",
                    kwargs={"pk": world.scan_a.pk, "tabel": "groepen", "formaat": "csv"})
        )
    )  # fmt: skip
    ijkpunt1 = next(r for r in rows if r[0] == Groep.objects.get(code="ijkpunt-1").naam)
    assert ijkpunt1[1:4] == ["3,0", "1,0", "ja"]
    assert ijkpunt1[5] == "0"  # nothing open


# --- query counts do not grow with the number of schools


def add_released_schools(world, n, start=0):
    School.objects.bulk_create(
        School(brin=f"{(start + i) // 100:02d}ZZ", vestigingsnummer=f"{(start + i) % 100:02d}",
               naam=f"School {start + i}", bestuur=world.bestuur_a, wijk=world.wijk1,
               swv=world.swv1, soort="bao")
        for i in range(n)
    )  # fmt: skip
    ensure_scans(ronde=world.ronde)
    Zelfscan.objects.filter(ronde=world.ronde).update(status="vrijgegeven")
    Groepsresultaat.objects.filter(scan__ronde=world.ronde).update(n3=2, n4=1)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["stad", "wijk", "bestuur", "school"])
def test_result_pages_run_the_same_queries_for_10_and_500_schools(client, world, page):
    def url():
        return {
            "stad": reverse("zelfscan:resultaat_stad", kwargs={"pk": world.ronde.pk}),
            "wijk": reverse(
                "zelfscan:resultaat_wijk", kwargs={"pk": world.ronde.pk, "wijk": world.wijk1.pk}
            ),
            "bestuur": reverse(
                "zelfscan:resultaat_bestuur",
                kwargs={"pk": world.ronde.pk, "bestuur": world.bestuur_a.pk},
            ),
            "school": reverse("zelfscan:resultaat_school", kwargs={"pk": world.scan_a.pk}),
        }[page]

    login(client, world.personas["beheerder_a"])
    add_released_schools(world, 10)
    client.get(url())  # warm the per-round cache
    small = count_queries(client, url())
    add_released_schools(world, 490, start=10)
    large = count_queries(client, url())
    assert small == large


def test_the_command_finds_and_repairs_a_summary_that_went_astray(world):
    from django.core.management import CommandError, call_command

    fill_all(world.scan_a, score=3)
    Groepsresultaat.objects.filter(scan=world.scan_a, groep__isnull=True).update(n3=1)
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 scans wijken af"):
        call_command("samenvatting_bijwerken", "--controleer", stdout=out)
    assert f"Scan {world.scan_a.pk}" in out.getvalue()
    out = io.StringIO()
    call_command("samenvatting_bijwerken", stdout=out)
    assert "2 scans gecontroleerd, 1 met verschillen hersteld." in out.getvalue()
    assert samenvatting.verschillen(scan=world.scan_a) == []


def test_the_trend_follows_the_school_and_hides_a_small_city(client, world):
    fill_all(world.scan_a, score=2)
    Zelfscan.objects.filter(pk=world.scan_a.pk).update(status="afgerond")
    from tests.personas import open_round

    nieuw = open_round(world, "2026-2027").scans.get(school=world.school_a)
    fill_all(nieuw, score=4)
    url = reverse(
        "zelfscan:resultaat_school_export",
        kwargs={"pk": nieuw.pk, "tabel": "trend", "formaat": "csv"},
    )
    login(client, world.personas["school_user_a"])
    rows = csv_rows(client.get(url))
    # The city has one released scan: not shown to the school, which is outside the SWV.
    # The series are named (issue 13: the heading "deze" said nothing): the school, the city.
    assert rows == [["schooljaar", world.school_a.naam, "stad"], ["2025-2026", "2,0", ""],
                    ["2026-2027", "4,0", ""]]  # fmt: skip
    # Inside the SWV a city of one or two schools is shown (school B's new scan: 3).
    fill_all(world.scan_b, score=3)
    Zelfscan.objects.filter(pk__in=[world.scan_b.pk, nieuw.pk]).update(status="vrijgegeven")
    login(client, world.personas["beheerder_a"])
    assert csv_rows(client.get(url))[1:] == [
        ["2025-2026", "2,0", "2,0"],
        ["2026-2027", "4,0", "3,5"],
    ]


def test_the_wijk_overview_counts_signals_and_hides_them_when_small(client, world):
    from ijkpunten.models import Risicosignaal
    from zelfscan.models import Signaalantwoord

    signaal = Risicosignaal.objects.filter(groep__code="ijkpunt-1").order_by("volgorde").first()
    for scan in (world.scan_a, world.scan_b):
        released(scan, 3)
        Signaalantwoord.objects.create(scan=scan, signaal=signaal, aangevinkt=True)
    url = reverse(
        "zelfscan:resultaat_wijk_export",
        kwargs={"pk": world.ronde.pk, "wijk": world.wijk1.pk, "tabel": "signalen",
                "formaat": "csv"},
    )  # fmt: skip
    login(client, world.personas["beheerder_a"])
    assert csv_rows(client.get(url))[1][1:] == [signaal.tekst, "2"]
    verdeling = csv_rows(client.get(url.replace("signalen.csv", "verdeling.csv")))
    assert verdeling[1:] == [["1", "0"], ["2", "0"], ["3", "2"], ["4", "0"]]
    login(client, world.personas["school_user_a"])
    assert csv_rows(client.get(url))[1][1:] == [signaal.tekst, ""]


def test_a_referral_rate_above_the_wijks_is_a_signal(client, world):
    scan_d = school_in_wijk1(world, "School D", "44DD")
    for scan, sbo in ((world.scan_a, 5), (world.scan_b, 1), (scan_d, 0)):
        released(scan, 3)
        Kengetallen.objects.filter(scan=scan).update(leerlingen=100, verwijzingen_sbo=sbo)
    login(client, world.personas["school_user_a"])
    url = reverse("zelfscan:resultaat_school", kwargs={"pk": world.scan_a.pk})
    # The wijk's rate less the school's own would be the other two schools': not shown.
    assert "Verwijzingspercentage" not in client.get(url).content.decode()
    scan_e = school_in_wijk1(world, "School E", "55EE")
    released(scan_e, 3)
    Kengetallen.objects.filter(scan=scan_e).update(leerlingen=100, verwijzingen_sbo=2)
    html = client.get(url).content.decode()
    # 5 of 100 pupils against 8 of 400 in the wijk (three other schools in it).
    assert "Verwijzingspercentage naar SBO 5,0% ligt boven dat van de wijk: 2,0%." in html
    assert "naar SO" not in html  # no referrals to SO recorded: no signal
