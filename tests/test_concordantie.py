"""A school across a revision of the norm (issue 18, part 1): three rounds, the third on the
test revision of tests/normhulp.py. Last year's answers, prefill, development points, evidence,
the change per group and the trend per indicator follow the concordantie; a split or merge is
a break with its reason, never a line between two different indicators."""

import datetime
import re

import pytest
from django.urls import reverse

from ijkpunten.concordantie import Concordantie, Relatie
from ijkpunten.models import Normkader
from tests.normhulp import REDEN_SAMENVOEGING, REDEN_SPLITSING, drie_rondes_van, item_van
from tests.personas import login
from tests.scanhulp import fill_all
from zelfscan.models import Antwoord, Scanronde, Zelfscan
from zelfscan.scans.workflow import open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def drie_rondes(world):
    return drie_rondes_van(world)


def _fieldset(html: str, item) -> str:
    """The part of a page that is one item's answer."""
    start = html.index(f'id="antwoord-{item.pk}"')
    return html[start : html.index("</fieldset>", start)]


def test_the_concordantie_reads_each_kind_of_line(drie_rondes):
    c = Concordantie.tussen(
        Normkader.objects.get(code="anb-2024").pk, Normkader.objects.get(code="anb-2026").pk
    )
    oud = {code: item_van(code, "anb-2024").pk for code in ("insp-1", "insp-2", "insp-3",
                                                            "insp-4", "insp-5")}  # fmt: skip
    assert c.item(item_van("insp-5").pk).relatie == Relatie.GELIJK
    assert c.item(item_van("insp-5").pk).bronnen == (oud["insp-5"],)
    assert c.item(item_van("insp-1").pk).relatie == Relatie.HERGEFORMULEERD
    assert c.item(item_van("insp-1").pk).doorlopend
    gesplitst = c.item(item_van("insp-2b").pk)
    assert (gesplitst.relatie, gesplitst.enige_bron) == (Relatie.GESPLITST, oud["insp-2"])
    assert gesplitst.breuk == f"gesplitst uit ijkpunt-2 insp-2: {REDEN_SPLITSING}"
    samen = c.item(item_van("insp-34").pk)
    assert samen.relatie == Relatie.SAMENGEVOEGD and samen.enige_bron is None
    assert set(samen.bronnen) == {oud["insp-3"], oud["insp-4"]}
    assert samen.breuk == (
        f"samengevoegd uit ijkpunt-2 insp-3, ijkpunt-2 insp-4: {REDEN_SAMENVOEGING}"
    )
    assert c.item(item_van("insp-8").pk).relatie == Relatie.NIEUW
    assert c.item(item_van("insp-8").pk).breuk == "nieuw in deze versie van de norm: Nieuw in 2026."


def test_prefill_follows_the_concordantie(client, world, drie_rondes):
    _e, tweede, derde, _p, _s = drie_rondes
    login(client, world.personas["school_user_a"])
    client.post(reverse("zelfscan:scan_overnemen", args=[derde.pk]))
    scores = dict(
        Antwoord.objects.filter(scan=derde, item__groep__code="ijkpunt-2").values_list(
            "item__code", "score"
        )
    )
    # Reworded: last year's 1. Split: the parent's 2 in both parts. Merged and new: empty.
    assert scores["insp-1"] == 1
    assert scores["insp-2a"] == scores["insp-2b"] == 2
    assert "insp-34" not in scores and "insp-8" not in scores and "insp-7" not in scores
    assert scores["insp-5"] == 3
    assert Antwoord.objects.filter(scan=derde, uit_vorige_scan=True).count() == (
        Antwoord.objects.filter(scan=tweede).count() - 2 - 1 + 1  # -3,-4,-7 +2a/2b
    )


def test_the_part_page_shows_last_year_the_break_and_the_carried_point(client, world, drie_rondes):
    _e, _t, derde, punt, _s = drie_rondes
    login(client, world.personas["school_user_a"])
    html = client.get(
        reverse("zelfscan:scan_deel", kwargs={"pk": derde.pk, "deel": "ijkpunt-2"})
    ).content.decode()
    herformuleerd = _fieldset(html, item_van("insp-1"))
    assert "Vorige ronde (2025-2026):" in herformuleerd and "<strong>1 " in herformuleerd
    for code in ("insp-2a", "insp-2b"):
        deel = _fieldset(html, item_van(code))
        # The development point of insp-2 is carried to each part it was split into.
        assert punt.titel in deel
        assert "<strong>2 " in deel and "gesplitst uit ijkpunt-2 insp-2" in deel
    samen = _fieldset(html, item_van("insp-34"))
    assert f"samengevoegd uit ijkpunt-2 insp-3, ijkpunt-2 insp-4: {REDEN_SAMENVOEGING}" in samen
    assert "<strong>" not in samen.split("Vorige ronde")[1].split("</p>")[0]
    assert punt.titel not in _fieldset(html, item_van("insp-5"))


def test_last_rounds_evidence_is_offered_to_both_parts_of_a_split(client, world, drie_rondes):
    _e, _t, derde, _p, stuk = drie_rondes
    login(client, world.personas["school_user_a"])
    for code in ("insp-2a", "insp-2b"):
        url = reverse("zelfscan:bewijs", kwargs={"pk": derde.pk, "item": item_van(code).pk})
        page = client.get(url).content.decode()
        assert "Bewijs van vorige ronde: nog geldig?" in page and "Zorgplan" in page
        client.post(
            reverse("zelfscan:bewijs_overnemen", kwargs={
                "pk": derde.pk, "item": item_van(code).pk, "vorig": stuk.pk})
        )  # fmt: skip
    assert sorted(
        derde.bewijsstukken.filter(overgenomen_van=stuk).values_list("item__code", flat=True)
    ) == ["insp-2a", "insp-2b"]


def _rij(html: str, code: str) -> str:
    return re.search(rf'<tr id="verloop-ijkpunt-2-{code}".*?</tr>', html, re.S).group(0)


def _cellen(html: str, code: str) -> list[str]:
    rij = _rij(html, code)
    cellen = re.findall(r"<td[^>]*>(.*?)</td>", rij, re.S)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in cellen]


def test_the_trend_per_indicator_over_three_rounds_breaks_where_items_merged(
    client, world, drie_rondes
):
    _e, _t, derde, _p, _s = drie_rondes
    fill_all(derde, score=4)
    login(client, world.personas["school_user_a"])
    school = client.get(reverse("zelfscan:resultaat_school", args=[derde.pk])).content.decode()
    assert "from 2026-2027" not in school  # Dutch page
    assert (
        "Breuk:</strong> vanaf 2026-2027 is de norm Almeerse Norm Basisondersteuning 2026 (test)"
        in school
    )
    url = reverse("zelfscan:resultaat_verloop", args=[derde.pk])
    assert url in school
    html = client.get(url).content.decode()
    assert "2024-2025" in html and "2025-2026" in html and "2026-2027" in html
    # A reworded item: one line through three rounds.
    assert _cellen(html, "insp-1") == ["2", "1", "4"]
    assert _cellen(html, "insp-5") == ["3", "3", "4"]
    # Merged: no line; the earlier scores of what it came from, with their codes, and why.
    assert _cellen(html, "insp-34") == [
        "voor de breuk: 2 (ijkpunt-2 insp-3) · 2 (ijkpunt-2 insp-4)",
        "voor de breuk: 4 (ijkpunt-2 insp-3) · 2 (ijkpunt-2 insp-4)",
        "4",
    ]
    rij = _rij(html, "insp-34")
    assert f"samengevoegd uit ijkpunt-2 insp-3, ijkpunt-2 insp-4: {REDEN_SAMENVOEGING}" in rij
    assert _cellen(html, "insp-2a")[:2] == [
        "voor de breuk: 2 (ijkpunt-2 insp-2)",
        "voor de breuk: 2 (ijkpunt-2 insp-2)",
    ]
    assert _cellen(html, "insp-8") == ["–", "–", "4"]
    assert "4 indicatoren hebben een breuk in hun verloop." in html


def test_the_change_per_group_follows_the_group_across_versions(client, world, drie_rondes):
    _e, _t, derde, _p, _s = drie_rondes
    fill_all(derde, score=4)
    login(client, world.personas["school_user_a"])
    html = client.get(reverse("zelfscan:resultaat_school", args=[derde.pk])).content.decode()
    rij = re.search(r"<th scope=\"row\">Beleid.*?</tr>", html, re.S)
    # Every group of the revision continues its group of 2024 (proposed by code): from all
    # 3 last year to all 4 now.
    assert rij and "+1,00" in rij.group(0)


def test_the_trend_per_indicator_is_scoped(client, world, drie_rondes):
    _e, _t, derde, _p, _s = drie_rondes
    url = reverse("zelfscan:resultaat_verloop", args=[derde.pk])
    for persona, status in (("school_user_a", 200), ("bestuur_user_a", 200),
                            ("bestuur_user_other", 404), ("consulent_other", 404),
                            ("beheerder_other", 404)):  # fmt: skip
        login(client, world.personas[persona])
        assert client.get(url).status_code == status, persona


def test_the_trend_per_indicator_runs_a_fixed_number_of_queries(client, world):
    from tests.scanhulp import queries

    login(client, world.personas["school_user_a"])
    client.get(reverse("zelfscan:start"))  # the session's first write is not the page's
    een = queries(client, reverse("zelfscan:resultaat_verloop", args=[world.scan_a.pk]))
    Zelfscan.objects.filter(pk=world.scan_a.pk).update(status="afgerond")
    tweede = open_round(
        swv=world.swv1, schooljaar="2026-2027", normkader=Normkader.objects.get(code="anb-2024"),
        onderdelen=list(Scanronde.Onderdeel.values), deadline=datetime.date(2027, 6, 30),
        door=world.personas["beheerder_a"],
    ).scans.get(school=world.school_a)  # fmt: skip
    fill_all(tweede)
    assert queries(client, reverse("zelfscan:resultaat_verloop", args=[tweede.pk])) == een


def test_the_agenda_compares_a_group_with_what_it_was_under_another_code(world, drie_rondes):
    from zelfscan.vervolg.gesprekken import concept_agenda

    _e, _t, derde, _p, _s = drie_rondes
    fill_all(derde, score=4)
    Zelfscan.objects.filter(pk=derde.pk).update(status="vrijgegeven")
    scan = Zelfscan.objects.select_related("ronde__normkader", "vorige__ronde").get(pk=derde.pk)
    teksten = [p.tekst for p in concept_agenda(scan=scan) if p.soort == "verandering"]
    # Ijkpunt 1 is coded ijkpunt-1b in the revision: still last year's 3,00 beside this 4,00.
    assert "Beleid: gestegen van 3,00 naar 4,00 sinds 2025-2026." in teksten


def test_the_citys_trend_says_where_the_norm_changed(client, world, drie_rondes):
    _e, tweede, derde, _p, _s = drie_rondes
    login(client, world.personas["beheerder_a"])
    stad = client.get(reverse("zelfscan:resultaat_stad", args=[derde.ronde_id])).content.decode()
    assert (
        "Breuk:</strong> vanaf 2026-2027 is de norm Almeerse Norm Basisondersteuning 2026 (test)"
        in stad
    )
    # The round before the revision has no break to speak of.
    vorige = client.get(reverse("zelfscan:resultaat_stad", args=[tweede.ronde_id])).content.decode()
    assert "is de norm" not in vorige
