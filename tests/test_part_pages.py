"""The long part, made for working through (issue 14, second part): a page per ijkpunt whose
side list names it, "only open items" without JavaScript, last year's score and note beside each
item, and the next open item one click away."""

import re

import pytest
from django.urls import reverse

from tests.personas import login, open_round
from tests.scanhulp import autosave, fill_all, item, queries
from zelfscan.models import Antwoord, Opmerking, Zelfscan
from zelfscan.resultaten import samenvatting

pytestmark = pytest.mark.django_db


def url(scan, deel, **query):
    base = reverse("zelfscan:scan_deel", kwargs={"pk": scan.pk, "deel": deel})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def items_on(html) -> list[int]:
    found = re.findall(r'<fieldset class="antwoord[^"]*" id="antwoord-(\d+)"', html)
    return [int(pk) for pk in found]


def answer(scan, items, score=3, toelichting=""):
    Antwoord.objects.bulk_create(
        Antwoord(scan=scan, item=i, score=score, toelichting=toelichting, versie=1) for i in items
    )
    samenvatting.herbereken(scan=scan)


def test_each_ijkpunt_is_a_page_that_names_itself_and_its_neighbours(ib, world):
    answer(world.scan_a, [item("insp-1"), item("insp-2")])
    html = ib.get(url(world.scan_a, "ijkpunt-4")).content.decode()
    assert '<h1 class="h2">IJkpunt 4: Omgeving</h1>' in html
    assert "IJkpunten: pagina 4 van 13" in html
    # The side list: every ijkpunt by number and name with its own progress, this one marked.
    begin = html.index('id="kop-paginas"')
    nav = html[begin : html.index("</nav>", begin)]
    assert nav.count("<li") == 13
    assert 'aria-current="page" class="fw-bold">4. Omgeving</a><span class="text-nowrap">2/8' in nav
    assert '>1. Beleid</a><span class="text-nowrap">0/9' in nav
    assert "Nog open in ijkpunt 4: Omgeving" in html
    assert len(items_on(html)) == 8


def test_the_old_address_of_the_ijkpunten_opens_the_first_page_with_something_open(ib, world):
    answer(world.scan_a, [i for n in range(1, 3) for i in _items(f"ijkpunt-{n}")])
    response = ib.get(url(world.scan_a, "ijkpunten"))
    assert response.status_code == 302 and response["Location"] == url(world.scan_a, "ijkpunt-3")
    assert ib.get(url(world.scan_a, "ijkpunt-14")).status_code == 404


def _items(groep):
    from ijkpunten.models import Item

    return list(Item.objects.filter(groep__code=groep, groep__normkader__code="anb-2024"))


def test_only_open_items_without_javascript_and_saving_leaves_the_hidden_ones_alone(ib, world):
    beantwoord = [item("insp-1"), item("insp-2")]
    answer(world.scan_a, beantwoord, score=4, toelichting="Staat in het schoolplan")
    alles = items_on(ib.get(url(world.scan_a, "ijkpunt-4")).content.decode())
    html = ib.get(url(world.scan_a, "ijkpunt-4", open=1)).content.decode()
    getoond = items_on(html)
    assert len(alles) == 8 and len(getoond) == 6
    assert {i.pk for i in beantwoord}.isdisjoint(getoond)
    assert 'id="alleen-open" name="open" value="1" checked' in html
    # The progress counts what the page does not show.
    assert "2 van 8 beantwoord." in html and 'data-elders="2"' in html
    # The save button sends only what was shown: the answered items are not emptied.
    volgende = getoond[0]
    response = ib.post(url(world.scan_a, "ijkpunt-4"), {
        "open": "1", f"score-{volgende}": "2", f"versie-{volgende}": "0",
        **{f"versie-{pk}": "0" for pk in getoond[1:]},
    })  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == url(world.scan_a, "ijkpunt-4", open=1)
    scores = dict(Antwoord.objects.filter(scan=world.scan_a).values_list("item_id", "score"))
    assert scores == {beantwoord[0].pk: 4, beantwoord[1].pk: 4, volgende: 2}
    assert set(
        Antwoord.objects.filter(scan=world.scan_a, item__in=beantwoord).values_list(
            "toelichting", flat=True
        )
    ) == {"Staat in het schoolplan"}
    # Without the filter, an item missing from the form is still refused, as before.
    response = ib.post(url(world.scan_a, "ijkpunt-4"), {f"score-{volgende}": "3"})
    assert response.status_code == 400


def test_last_rounds_score_and_note_stand_beside_each_item(client, world):
    insp1, insp2 = item("insp-1"), item("insp-2")
    answer(world.scan_a, [insp1], score=2, toelichting="Plan nog niet vastgesteld")
    answer(world.scan_a, [insp2], score=4)
    Zelfscan.objects.filter(pk=world.scan_a.pk).update(status="afgerond")
    login(client, world.personas["school_user_a"])
    nieuw = url(world.scan_a, "ijkpunt-4")
    assert "Vorige ronde" not in client.get(nieuw).content.decode()  # no earlier scan
    open_round(world, "2026-2027")
    html = client.get(url(world.scan_a, "ijkpunt-4")).content.decode()
    blok = html[html.index(f'id="antwoord-{insp1.pk}"') :]
    blok = blok[: blok.index("</fieldset>")]
    assert (
        "Vorige ronde (2025-2026): <strong>2 in onvoldoende mate</strong> — "
        '<span class="text-body-secondary">Plan nog niet vastgesteld</span>'
    ) in blok
    assert "Vorige ronde (2025-2026): <strong>4 goed tot zeer goed</strong></p>" in html
    assert html.count("data-vorige-score") == 2  # the items answered last round, no more


def test_the_next_open_item_is_one_click_away_and_leads_on_to_the_next_page(ib, world):
    ijkpunt4 = _items("ijkpunt-4")
    ijkpunt4.sort(key=lambda i: i.volgorde)
    open_ = [ijkpunt4[1], ijkpunt4[4]]
    answer(world.scan_a, [i for i in ijkpunt4 if i not in open_])
    answer(world.scan_a, _items("ijkpunt-5")[:1])
    html = ib.get(url(world.scan_a, "ijkpunt-4")).content.decode()
    # Top of the page: to the first open item.
    assert f'<a href="#antwoord-{open_[0].pk}" data-volgend-open>Naar het eerste open item' in html

    def volgend(i):
        blok = html[html.index(f'id="antwoord-{i.pk}"') :]
        blok = blok[: blok.index("</fieldset>")]
        found = re.search(r'<a href="([^"]+)" data-volgend-open>', blok)
        return found and found.group(1)

    assert volgend(ijkpunt4[0]) == f"#antwoord-{open_[0].pk}"
    assert volgend(open_[0]) == f"#antwoord-{open_[1].pk}"
    # After the last open item of this page: the next page with something open.
    ijkpunt5 = sorted(_items("ijkpunt-5"), key=lambda i: i.volgorde)
    assert volgend(open_[1]) == url(world.scan_a, "ijkpunt-5") + f"#antwoord-{ijkpunt5[1].pk}"


def test_a_comment_on_the_ijkpunten_from_before_the_split_shows_on_each_page(client, world):
    fill_all(world.scan_a)
    Zelfscan.objects.filter(pk=world.scan_a.pk).update(status="vrijgegeven")
    Opmerking.objects.create(scan=world.scan_a, onderdeel="ijkpunten", tekst="Over alle ijkpunten")
    Opmerking.objects.create(scan=world.scan_a, onderdeel="ijkpunt-2", tekst="Alleen ijkpunt 2")
    login(client, world.personas["consulent_a"])
    een = client.get(url(world.scan_a, "ijkpunt-1")).content.decode()
    twee = client.get(url(world.scan_a, "ijkpunt-2")).content.decode()
    assert "Over alle ijkpunten" in een and "Over alle ijkpunten" in twee
    assert "Alleen ijkpunt 2" in twee and "Alleen ijkpunt 2" not in een


def test_the_largest_page_with_last_year_beside_it_costs_the_same_queries_full_or_empty(ib, world):
    fill_all(world.scan_a, score=2)
    Zelfscan.objects.filter(pk=world.scan_a.pk).update(status="afgerond")
    open_round(world, "2026-2027")
    pagina = url(world.scan_a, "anb")
    ib.get(pagina)  # the session's first request does its own bookkeeping
    leeg = queries(ib, pagina)
    fill_all(world.scan_a, score=3)
    assert queries(ib, pagina) == leeg
    # And the page still saves: the answers it shows are this round's, at their version.
    assert (
        autosave(ib, world.scan_a, ident=item("insp-1").pk, versie=1, score="4").status_code == 200
    )
