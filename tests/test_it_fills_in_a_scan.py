"""Filling in a zelfscan: autosave, the page's save button, versions, bad input, history."""

import re
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ijkpunten.models import Groep, Risicosignaal
from tests.personas import login
from tests.scanhulp import autosave, fill_all, history, item
from zelfscan.models import Ambitie, Antwoord, Historie, Kengetallen, Signaalantwoord, Zelfscan
from zelfscan.resultaten import samenvatting

pytestmark = pytest.mark.django_db


def deel_url(world, deel="ijkpunt-4"):
    return reverse("zelfscan:scan_deel", kwargs={"pk": world.scan_a.pk, "deel": deel})


def test_a_part_page_asks_every_item_with_a_radio_group_and_the_norm_one_click_away(ib, world):
    # The ijkpunten: a page each, 157 items and 33 risk signals in all.
    pages = [ib.get(deel_url(world, f"ijkpunt-{n}")).content.decode() for n in range(1, 14)]
    assert sum(page.count('<fieldset class="antwoord') for page in pages) == 157
    assert sum(page.count('type="checkbox" id="signaal-') for page in pages) == 33
    html = pages[3]
    i = item("insp-1")
    labels = ["niet aanwezig", "in onvoldoende mate", "in voldoende mate", "goed tot zeer goed"]
    for waarde, label in enumerate(labels, 1):
        assert (
            f'<label class="form-check-label" for="score-{i.pk}-{waarde}">{waarde} {label}</label>'
            in html
        )
    assert 'href="/norm/anb-2024/ijkpunt-4/#item-ijkpunt-4-insp-1"' in html


def test_sbo_only_items_are_not_asked_of_a_regular_school(ib, world):
    html = ib.get(deel_url(world, "toezichtkader")).content.decode()
    assert html.count('<fieldset class="antwoord') == 20
    assert "Voor SBO:" not in html
    # A scan asks what fits the kind of school it was made for (the school's kind at the time).
    world.scan_a.soort = "sbo"
    world.scan_a.save(update_fields=["soort"])
    html = ib.get(deel_url(world, "toezichtkader")).content.decode()
    assert html.count('<fieldset class="antwoord') == 22
    assert 'value="nvt"' in html  # n.v.t. only where the norm allows it


def test_autosave_stores_a_change_and_keeps_history(ib, world):
    i = item("insp-1")
    response = autosave(ib, world.scan_a, ident=i.pk, score="3", toelichting="Zie schoolplan p. 4")
    assert response.status_code == 200
    assert response.json() == {"versie": 1, "herhaald": False}
    antwoord = Antwoord.objects.get(scan=world.scan_a, item=i)
    assert (antwoord.score, antwoord.toelichting, antwoord.gewijzigd_door.username) == (
        3, "Zie schoolplan p. 4", "ib_a",
    )  # fmt: skip
    rows = {(h.veld, h.oud, h.nieuw, h.bron) for h in history(world.scan_a, i)}
    assert rows == {
        ("score", "", "3", "autosave"),
        ("toelichting", "", "Zie schoolplan p. 4", "autosave"),
    }


def test_a_retried_change_is_stored_once(ib, world):
    i, change = item("insp-2"), uuid.uuid4()
    first = autosave(ib, world.scan_a, ident=i.pk, score="2", wijziging=change)
    again = autosave(ib, world.scan_a, ident=i.pk, score="2", wijziging=change)
    assert first.json()["versie"] == again.json()["versie"] == 1
    assert again.json()["herhaald"] is True
    assert history(world.scan_a, i).count() == 1
    assert Antwoord.objects.get(scan=world.scan_a, item=i).versie == 1


def test_two_people_changing_the_same_answer_do_not_overwrite_each_other(world):
    ib, directeur = Client(), Client()
    login(ib, world.personas["school_user_a"])
    login(directeur, world.personas["directeur_a"])
    i, j = item("insp-3"), item("insp-4")
    assert autosave(ib, world.scan_a, ident=i.pk, score="2").json()["versie"] == 1
    # Both have version 1 on screen.
    assert autosave(ib, world.scan_a, ident=i.pk, versie=1, score="4").status_code == 200
    late = autosave(directeur, world.scan_a, ident=i.pk, versie=1, score="1")
    assert late.status_code == 409
    body = late.json()
    assert body["versie"] == 2 and body["huidig"]["score"] == 4
    assert "Iemand anders heeft dit intussen gewijzigd" in body["bericht"]
    assert Antwoord.objects.get(scan=world.scan_a, item=i).score == 4
    # A change to another answer goes through.
    assert autosave(directeur, world.scan_a, ident=j.pk, versie=0, score="3").status_code == 200


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"score": "5"}, 400, "Kies een score van 1 tot en met 4."),
        ({"score": "drie"}, 400, "Kies een score van 1 tot en met 4."),
        ({"score": "nvt"}, 400, "Bij dit item is n.v.t. niet mogelijk"),
        ({"score": "3", "toelichting": "x" * 5001}, 400, "er passen er hoogstens 5000"),
        # The change before it was this person's own (in another tab): it says so (issue 13).
        ({"score": "3", "versie": 7}, 409, "U hebt dit intussen zelf gewijzigd"),
    ],
)
def test_bad_input_is_refused_in_dutch_and_changes_nothing(ib, world, fields, status, message):
    i = item("ref-1")
    autosave(ib, world.scan_a, ident=i.pk, score="2", toelichting="eerst")
    before = (
        Antwoord.objects.get(scan=world.scan_a, item=i).__dict__.copy(),
        history(world.scan_a).count(),
    )
    response = autosave(ib, world.scan_a, ident=i.pk, **{"versie": 1, **fields})
    assert response.status_code == status
    assert message in response.json()["bericht"]
    after = Antwoord.objects.get(scan=world.scan_a, item=i)
    assert (after.score, after.toelichting, after.versie) == (2, "eerst", 1)
    assert history(world.scan_a).count() == before[1]


@pytest.mark.parametrize("versie", [None, "", "abc", "1.0"])
def test_a_change_without_the_version_it_was_made_on_is_refused(ib, world, versie):
    """Found from outside: autosaves without a version were stored, overwriting a colleague."""
    i = item("ref-2")
    autosave(ib, world.scan_a, ident=i.pk, score="2", toelichting="van een collega")
    data = {"soort": "item", "id": i.pk, "score": "4", "wijziging": str(uuid.uuid4())}
    if versie is not None:
        data["versie"] = versie
    response = ib.post(reverse("zelfscan:autosave", kwargs={"pk": world.scan_a.pk}), data)
    assert response.status_code == 400
    assert "niet op welke versie" in response.json()["bericht"]
    after = Antwoord.objects.get(scan=world.scan_a, item=i)
    assert (after.score, after.toelichting, after.versie) == (2, "van een collega", 1)
    assert history(world.scan_a, i).count() == 2


def test_the_page_form_without_a_version_is_refused_too(ib, world):
    i = item("ref-1", "ijkpunt-5")
    autosave(ib, world.scan_a, ident=i.pk, score="2")
    response = ib.post(deel_url(world, "ijkpunt-5"), {f"score-{i.pk}": "4", f"versie-{i.pk}": ""})
    assert response.status_code == 400
    assert "niet op welke versie" in response.content.decode()
    assert Antwoord.objects.get(scan=world.scan_a, item=i).score == 2


def test_an_item_outside_the_scan_is_refused(ib, world):
    sbo_only = item("7.3", "toezichtkader")
    response = autosave(ib, world.scan_a, ident=sbo_only.pk, score="3")
    assert response.status_code == 400
    assert response.json()["bericht"] == "Dit item hoort niet bij deze zelfscan."
    assert autosave(ib, world.scan_a, ident=999999, score="3").status_code == 400
    assert not Antwoord.objects.filter(scan=world.scan_a).exists()


def test_a_read_only_scan_refuses_changes(ib, world):
    Zelfscan.objects.filter(pk=world.scan_a.pk).update(status="ingediend")
    response = autosave(ib, world.scan_a, ident=item("insp-1").pk, score="3")
    assert response.status_code == 403
    assert "kan niet meer worden gewijzigd" in response.json()["bericht"]
    page = ib.get(deel_url(world)).content.decode()
    assert "alleen-lezen" in page and "Deze pagina opslaan" not in page
    assert ib.post(deel_url(world), {f"score-{item('insp-1').pk}": "3"}).status_code == 403
    assert not Antwoord.objects.filter(scan=world.scan_a).exists()


def test_people_who_only_read_cannot_write(client, world):
    login(client, world.personas["bestuur_user_a"])
    response = autosave(client, world.scan_a, ident=item("insp-1").pk, score="3")
    assert response.status_code == 403
    login(client, world.personas["consulent_a"])  # cannot even see a concept scan
    assert autosave(client, world.scan_a, ident=item("insp-1").pk, score="3").status_code == 404
    assert not Antwoord.objects.filter(scan=world.scan_a).exists()


def test_the_page_save_button_works_without_javascript(ib, world):
    i, j = item("insp-1"), item("insp-2")
    signaal = Risicosignaal.objects.get(
        groep__code="ijkpunt-4", groep__normkader__code="anb-2024", volgorde=1
    )
    response = ib.post(deel_url(world), {
        f"score-{i.pk}": "4", f"toelichting-{i.pk}": "Veiligheidsplan", f"versie-{i.pk}": "0",
        f"score-{j.pk}": "2", f"versie-{j.pk}": "0", f"signaal-{signaal.pk}": "on",
        f"signaalversie-{signaal.pk}": "0",
    })  # fmt: skip
    assert response.status_code == 302
    assert Antwoord.objects.get(scan=world.scan_a, item=i).score == 4
    assert Antwoord.objects.get(scan=world.scan_a, item=j).score == 2
    assert Signaalantwoord.objects.get(scan=world.scan_a, signaal=signaal).aangevinkt
    assert set(history(world.scan_a).values_list("bron", flat=True)) == {"formulier"}
    # A stale version on the page is reported beside the item; the rest is saved.
    response = ib.post(deel_url(world), {
        f"score-{i.pk}": "1", f"versie-{i.pk}": "0", f"score-{j.pk}": "3", f"versie-{j.pk}": "1",
        f"signaal-{signaal.pk}": "on", f"signaalversie-{signaal.pk}": "1",
    })  # fmt: skip
    assert response.status_code == 400
    assert "U hebt dit intussen zelf gewijzigd" in response.content.decode()
    assert Antwoord.objects.get(scan=world.scan_a, item=i).score == 4
    assert Antwoord.objects.get(scan=world.scan_a, item=j).score == 3


def test_ambition_per_theme_and_kengetallen(ib, world):
    thema = Groep.objects.get(normkader__code="anb-2024", code="thema-3")
    response = autosave(ib, world.scan_a, soort="ambitie", ident=thema.pk, niveau="streefnorm",
                        expertise="brengt", toelichting="HB-specialist")  # fmt: skip
    assert response.status_code == 200
    ambitie = Ambitie.objects.get(scan=world.scan_a, thema=thema)
    assert (ambitie.niveau, ambitie.expertise) == ("streefnorm", "brengt")
    url = deel_url(world, "kengetallen")
    bad = ib.post(
        url, {"leerlingen": "200", "ib_fte": "0.4", "verwijzingen_sbo": "250", "versie": "0"}
    )
    assert bad.status_code == 400
    assert "Dit kan niet meer zijn dan het aantal leerlingen." in bad.content.decode()
    assert ib.post(url, {"leerlingen": "-3", "versie": "0"}).status_code == 400
    waarden = {"leerlingen": "200", "ib_fte": "0.40", "verwijzingen_sbo": "2",
               "verwijzingen_so": "1", "thuiszitters": "0", "opps": "4", "versie": "0"}  # fmt: skip
    good = ib.post(url, waarden)
    assert good.status_code == 302
    k = Kengetallen.objects.get(scan=world.scan_a)
    assert (k.leerlingen, k.ib_fte, k.verwijzingen_sbo, k.versie) == (200, Decimal("0.4"), 2, 1)
    # Three decimals: 250 pupils × 0,0021 = 0,525, the norm exactly.
    waarden.update(leerlingen="250", ib_fte="0.525", versie="1")
    assert ib.post(url, waarden).status_code == 302
    assert Kengetallen.objects.get(scan=world.scan_a).ib_fte == Decimal("0.525")


def test_progress_and_open_items(ib, world):
    open_items = fill_all(world.scan_a, leave_open=2)
    html = ib.get(reverse("zelfscan:scan", kwargs={"pk": world.scan_a.pk})).content.decode()
    assert "278 van 280 items beantwoord." in html  # 282 less the two SBO-only items
    for i in open_items:
        assert f"#antwoord-{i.pk}" in html


def test_the_fill_in_page_and_autosave_run_a_fixed_number_of_queries(ib, world):
    def count(request):
        with CaptureQueriesContext(connection) as ctx:
            response = request()
            assert response.status_code in (200, 302)
        return len(ctx.captured_queries)

    ib.get(deel_url(world))  # session timers
    page_empty = count(lambda: ib.get(deel_url(world)))
    save_empty = count(lambda: autosave(ib, world.scan_a, ident=item("insp-1").pk, score="2"))
    Antwoord.objects.filter(scan=world.scan_a).delete()
    fill_all(world.scan_a)  # every applicable item answered now
    page_full = count(lambda: ib.get(deel_url(world)))
    Antwoord.objects.filter(scan=world.scan_a, item=item("insp-2")).delete()
    save_full = count(lambda: autosave(ib, world.scan_a, ident=item("insp-2").pk, score="2"))
    assert page_full == page_empty
    assert save_full == save_empty


def test_the_admin_path_keeps_history(admin_client, world):
    i = item("insp-1")
    antwoord = Antwoord.objects.create(scan=world.scan_a, item=i, score=2, versie=1)
    samenvatting.herbereken(scan=world.scan_a)  # set-up wrote past the services
    url = reverse("admin:zelfscan_antwoord_change", args=[antwoord.pk])
    # Made on an older version (the school changed it meanwhile): refused, nothing stored.
    admin_client.post(url, {"score": "4", "toelichting": "te laat", "basisversie": "0"})
    antwoord.refresh_from_db()
    assert (antwoord.score, antwoord.versie) == (2, 1)
    admin_client.post(url, {"score": "3", "toelichting": "gecorrigeerd", "basisversie": "1"})
    antwoord.refresh_from_db()
    assert (antwoord.score, antwoord.versie) == (3, 2)
    assert set(history(world.scan_a, i).values_list("veld", "bron")) == {
        ("score", Historie.Bron.BEHEER), ("toelichting", Historie.Bron.BEHEER),
    }  # fmt: skip


def test_the_import_path_keeps_history_and_is_all_or_nothing(world, tmp_path):
    import io as _io

    from django.core.management import CommandError, call_command

    good = tmp_path / "antwoorden.csv"
    good.write_text(
        "onderdeel;item;versie;score;toelichting\nijkpunt-4;insp-1;0;3;uit Excel\n"
        "ijkpunt-4;insp-2;0;2;\n"
    )
    out = _io.StringIO()
    call_command("importeer_antwoorden", world.scan_a.pk, str(good), "--door", "ib_a", stdout=out)
    assert "2 antwoorden ingelezen." in out.getvalue()
    assert Antwoord.objects.get(scan=world.scan_a, item=item("insp-1")).score == 3
    assert set(history(world.scan_a).values_list("bron", flat=True)) == {Historie.Bron.IMPORT}
    bad = tmp_path / "fout.csv"
    bad.write_text(
        "onderdeel;item;versie;score\nijkpunt-4;insp-3;0;4\nijkpunt-4;insp-4;0;9\n"
        "ijkpunt-4;bestaat-niet;0;1\nijkpunt-4;insp-1;;2\nijkpunt-4;insp-2;0;4\n"
    )
    with pytest.raises(CommandError) as error:
        call_command("importeer_antwoorden", world.scan_a.pk, str(bad), "--door", "ib_a")
    assert "regel 3: Kies een score van 1 tot en met 4." in str(error.value)
    assert "regel 4: onbekend item ijkpunt-4/bestaat-niet" in str(error.value)
    # A row without the version it was made on, and one made on a version since changed.
    assert "regel 5: Deze wijziging zegt niet op welke versie" in str(error.value)
    assert "regel 6: U hebt dit intussen zelf gewijzigd" in str(error.value)
    assert not Antwoord.objects.filter(scan=world.scan_a, item=item("insp-3")).exists()


def test_autosave_after_the_session_ended_answers_401_and_stores_nothing(ib, world):
    import time

    i = item("insp-1")
    session = ib.session
    session["_seen_at"] = time.time() - 31 * 60
    session.save()
    url = reverse("zelfscan:autosave", kwargs={"pk": world.scan_a.pk})
    data = {"soort": "item", "id": i.pk, "score": "3", "versie": 0, "wijziging": str(uuid.uuid4())}
    response = ib.post(url, data, HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert "U bent niet meer ingelogd" in response.json()["bericht"]
    assert Client().post(url, data, HTTP_ACCEPT="application/json").status_code == 401
    assert not Antwoord.objects.filter(scan=world.scan_a).exists()


def test_the_overview_counts_every_open_item(ib, world):
    html = ib.get(reverse("zelfscan:scan", kwargs={"pk": world.scan_a.pk})).content.decode()
    assert "280 items staan nog open" in html
    assert html.count('href="/scans/') >= 280


def test_the_history_says_what_changed_in_the_words_of_the_page(ib, world):
    """Found from outside (issue 13): the history showed column names and raw values
    (``ib_fte``, ``ambitie:26``, ``0.4``)."""
    thema = Groep.objects.get(normkader__code="anb-2024", code="thema-3")
    autosave(ib, world.scan_a, soort="ambitie", ident=thema.pk, niveau="streefnorm",
             expertise="brengt", toelichting="")  # fmt: skip
    url = deel_url(world, "kengetallen")
    assert ib.post(url, {"leerlingen": "200", "ib_fte": "0.40", "versie": "0"}).status_code == 302
    html = ib.get(reverse("zelfscan:scan_historie", kwargs={"pk": world.scan_a.pk})).content
    html = re.sub(r">\s+<", "><", html.decode())
    assert f"Ambitie: {thema.naam}" in html and "<td>streefnorm</td>" in html
    assert "<td>Kengetallen</td><td>IB-fte</td><td>–</td><td>0,4</td>" in html
    assert "ib_fte" not in html and "ambitie:" not in html and "0.4" not in html
