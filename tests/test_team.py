"""The team behind the score (issue 17, part 1): the school invites colleagues, each rates
through a personal link, the school sees the team's view counted, never by name, and gives
its reason where it differs."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import login
from tests.scanhulp import autosave, fill_all, item, queries, zonder_token
from tests.teamhulp import link, sla_op, sleutels_uit, team, uitnodiging
from zelfscan.models import Groepsresultaat, Teamscore, Teamuitnodiging, Zelfscan
from zelfscan.scans.structuur import structuur
from zelfscan.vervolg.gesprekken import concept_agenda

pytestmark = pytest.mark.django_db


def team_url(scan):
    return reverse("zelfscan:team", kwargs={"pk": scan.pk})


def hgw(code):
    return item(code, "hgw-1")


def _invite(client, scan, collegas, onderdelen=("hgw",), geldig_tot=None):
    geldig_tot = geldig_tot or timezone.localdate() + datetime.timedelta(days=14)
    return client.post(
        team_url(scan),
        {"collegas": collegas, "onderdelen": list(onderdelen), "geldig_tot": f"{geldig_tot}"},
    )


# --- inviting


def test_the_school_invites_colleagues_pasted_from_a_spreadsheet(
    ib, world, mailoutbox, django_capture_on_commit_callbacks
):
    pasted = (
        "Anna de Vries\tanna@school.example\n"
        "Bram Jansen; Bram@School.example\n"
        "\n"
        "Cees Bakker <cees@school.example>\n"
        "anna@school.example\n"  # twice: invited once
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(ib, world.scan_a, pasted)
    assert response.status_code == 302
    invited = Teamuitnodiging.objects.filter(scan=world.scan_a).order_by("naam")
    assert [(u.naam, u.email, u.onderdelen) for u in invited] == [
        ("Anna de Vries", "anna@school.example", ["hgw"]),
        ("Bram Jansen", "bram@school.example", ["hgw"]),
        ("Cees Bakker", "cees@school.example", ["hgw"]),
    ]
    assert sorted(m.to[0] for m in mailoutbox) == [u.email for u in invited]
    sleutels = sleutels_uit(mailoutbox)
    assert len(set(sleutels)) == 3 and all(len(s) >= 43 for s in sleutels)  # 256 bits each
    # Only a hash of each key is stored: the database alone opens no form.
    assert not any(Teamuitnodiging.objects.filter(sleutel_hash=s).exists() for s in sleutels)
    assert "Bram Jansen" in mailoutbox[0].body or "Bram Jansen" in mailoutbox[1].body
    # Each link opens its form, with the colleague's own name.
    anonymous = Client()
    for mail, sleutel in zip(mailoutbox, sleutels, strict=True):
        html = anonymous.get(link(sleutel)).content.decode()
        naam = Teamuitnodiging.objects.get(email=mail.to[0]).naam
        assert f"Hallo {naam}." in html


def test_a_line_without_an_address_is_refused_with_its_number_and_nothing_is_sent(
    ib, world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(ib, world.scan_a, "Anna\tanna@school.example\nBram Jansen\n")
    assert response.status_code == 400
    assert "Regel 2: geen geldig e-mailadres gevonden (Bram Jansen)." in response.content.decode()
    assert not Teamuitnodiging.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("onderdelen", "geldig_tot", "melding"),
    [
        ((), None, "Kies een of meer onderdelen van deze scan."),
        (("bestaat-niet",), None, "Kies een of meer onderdelen van deze scan."),
        (("hgw",), datetime.date(2020, 1, 1), "De link moet geldig zijn tot vandaag of later."),
    ],
)
def test_parts_and_dates_are_checked(ib, world, mailoutbox, onderdelen, geldig_tot, melding):
    response = _invite(ib, world.scan_a, "anna@school.example", onderdelen, geldig_tot)
    assert response.status_code == 400
    assert melding in response.content.decode()
    assert not Teamuitnodiging.objects.exists()


def test_only_the_school_invites_and_only_while_the_scan_is_a_concept(client, world, mailoutbox):
    # The board sees the scan and the team's view, but invites nobody and sees no names.
    uitnodiging(world.scan_a, "Anna de Vries")
    login(client, world.personas["bestuur_user_a"])
    html = client.get(team_url(world.scan_a)).content.decode()
    assert "Anna de Vries" not in html and "Collega's uitnodigen" not in html
    assert _invite(client, world.scan_a, "bram@school.example").status_code == 403
    # Out of scope: 404, nothing stored.
    for persona in ("consulent_other", "bestuur_user_other", "beheerder_other"):
        login(client, world.personas[persona])
        assert client.get(team_url(world.scan_a)).status_code == 404
        assert _invite(client, world.scan_a, "bram@school.example").status_code == 404
    # A submitted scan: the school's answer is final.
    login(client, world.personas["school_user_a"])
    Zelfscan.objects.filter(pk=world.scan_a.pk).update(status=Zelfscan.Status.INGEDIEND)
    assert _invite(client, world.scan_a, "bram@school.example").status_code == 403
    assert Teamuitnodiging.objects.count() == 1
    assert mailoutbox == []


# --- the link


def test_a_link_opens_only_the_invited_parts_and_nothing_of_the_school(ib, world):
    fill_all(world.scan_a, score=2)
    geheim = "Alleen voor de school: de notitie van de IB-er"
    autosave(ib, world.scan_a, ident=hgw("1.1").pk, versie=1, score="2", toelichting=geheim)
    u = uitnodiging(world.scan_a, "Anna", onderdelen=["hgw"])
    html = Client().get(link(u.sleutel)).content.decode()
    hgw_items = [i for d in structuur(world.scan_a).delen_van("hgw") for i in d.items]
    assert len(hgw_items) == 29
    assert html.count('<fieldset class="antwoord teamscore') == 29
    assert f'id="item-{hgw("1.1").pk}"' in html
    assert f'id="item-{item("insp-1").pk}"' not in html  # another part
    assert geheim not in html
    assert "checked" not in html  # the school's scores are not shown either


def test_a_rating_is_saved_once_and_versioned(world):
    u = uitnodiging(world.scan_a, "Anna")
    c = Client()
    i = hgw("1.2")
    first = sla_op(c, u.sleutel, i, score="3", toelichting="In groep 5 nog niet", wijziging=None)
    assert first.json() == {"versie": 1, "herhaald": False}
    rij = Teamscore.objects.get(uitnodiging=u, item=i)
    again = sla_op(c, u.sleutel, i, versie=0, score="3", wijziging=rij.wijziging)
    assert again.json() == {"versie": 1, "herhaald": True}
    stale = sla_op(c, u.sleutel, i, versie=0, score="1")
    assert stale.status_code == 409
    assert stale.json()["huidig"] == {"score": 3, "toelichting": "In groep 5 nog niet"}
    cleared = sla_op(c, u.sleutel, i, versie=1, score="", toelichting="")
    assert cleared.json()["versie"] == 2
    assert Teamscore.objects.get(uitnodiging=u, item=i).score is None
    assert Teamscore.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"score": "5"}, 400),
        ({"score": "3", "toelichting": "x" * 2001}, 400),
        ({"score": "3", "versie": "abc"}, 400),
        ({"score": "3", "toelichting": "nul\x00byte"}, 400),
    ],
)
def test_bad_ratings_store_nothing(world, fields, status):
    u = uitnodiging(world.scan_a, "Anna")
    response = sla_op(Client(), u.sleutel, hgw("1.1"), **fields)
    assert response.status_code == status
    assert response.json()["bericht"]
    assert not Teamscore.objects.exists()


def test_an_item_outside_the_invited_parts_is_refused(world):
    u = uitnodiging(world.scan_a, "Anna", onderdelen=["hgw"])
    response = sla_op(Client(), u.sleutel, item("insp-1"), score="3")
    assert response.status_code == 400
    assert not Teamscore.objects.exists()


def _dicht(world, hoe):
    u = uitnodiging(world.scan_a, "Anna")
    if hoe == "ingetrokken":
        Teamuitnodiging.objects.filter(pk=u.pk).update(ingetrokken_op=timezone.now())
    elif hoe == "verlopen":
        gisteren = timezone.localdate() - datetime.timedelta(days=1)
        Teamuitnodiging.objects.filter(pk=u.pk).update(geldig_tot=gisteren)
    elif hoe == "ingediend":
        Zelfscan.objects.filter(pk=world.scan_a.pk).update(status=Zelfscan.Status.INGEDIEND)
    elif hoe == "onbekend":
        u.sleutel = "geen-bestaande-sleutel"
    return u


@pytest.mark.parametrize("hoe", ["ingetrokken", "verlopen", "ingediend", "onbekend"])
def test_a_withdrawn_or_expired_link_answers_404_and_stores_nothing(world, hoe):
    u = _dicht(world, hoe)
    c = Client()
    page = c.get(link(u.sleutel))
    assert page.status_code == 404
    # The colleague is told what to do, not why this link stopped.
    assert "Vraag de collega die je uitnodigde om een nieuwe link" in page.content.decode()
    assert "Naar uw overzicht" not in page.content.decode()  # a colleague has no account
    assert sla_op(c, u.sleutel, hgw("1.1"), score="3").status_code == 404
    page = c.post(link(u.sleutel), {f"score-{hgw('1.1').pk}": "3", f"versie-{hgw('1.1').pk}": 0})
    assert page.status_code == 404
    assert not Teamscore.objects.exists()


def test_a_link_valid_until_today_works_all_of_today(world):
    u = uitnodiging(world.scan_a, "Anna", geldig_tot=timezone.localdate())
    assert Client().get(link(u.sleutel)).status_code == 200


def test_the_rating_form_works_without_javascript(world):
    u = uitnodiging(world.scan_a, "Anna")
    a, b = hgw("1.1"), hgw("1.2")
    c = Client()
    response = c.post(
        link(u.sleutel),
        {f"score-{a.pk}": "4", f"toelichting-{a.pk}": "Goed geregeld", f"versie-{a.pk}": "0",
         f"score-{b.pk}": "", f"toelichting-{b.pk}": "", f"versie-{b.pk}": "0"},
    )  # fmt: skip
    assert response.status_code == 302
    assert {(s.item_id, s.score, s.toelichting) for s in Teamscore.objects.all()} == {
        (a.pk, 4, "Goed geregeld"),
        (b.pk, None, ""),
    }
    html = c.get(link(u.sleutel)).content.decode()
    assert f'id="score-{a.pk}-4" value="4" data-veld="score" checked' in html


def test_withdrawing_and_sending_again(ib, world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(ib, world.scan_a, "Anna\tanna@school.example")
    (oud,) = sleutels_uit(mailoutbox)
    u = Teamuitnodiging.objects.get()
    assert sla_op(Client(), oud, hgw("1.1"), score="2").status_code == 200
    ib.post(reverse("zelfscan:team_intrekken", kwargs={"pk": world.scan_a.pk, "uitnodiging": u.pk}))
    assert Client().get(link(oud)).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = ib.post(
            reverse("zelfscan:team_opnieuw", kwargs={"pk": world.scan_a.pk, "uitnodiging": u.pk}),
            {"geldig_tot": f"{timezone.localdate() + datetime.timedelta(days=3)}"},
        )
    assert response.status_code == 302
    nieuw = sleutels_uit(mailoutbox)[-1]
    assert nieuw != oud
    assert Client().get(link(oud)).status_code == 404  # the old link stays dead
    html = Client().get(link(nieuw)).content.decode()
    assert f'id="score-{hgw("1.1").pk}-2" value="2" data-veld="score" checked' in html


def test_an_outsider_cannot_withdraw_or_resend(client, world, mailoutbox):
    u = uitnodiging(world.scan_a, "Anna")
    for persona in ("consulent_other", "bestuur_user_other", "school_user_a"):
        login(client, world.personas[persona])
        andere_scan = world.scan_b.pk if persona == "school_user_a" else world.scan_a.pk
        for naam in ("team_intrekken", "team_opnieuw"):
            url = reverse(f"zelfscan:{naam}", kwargs={"pk": andere_scan, "uitnodiging": u.pk})
            assert client.post(url, {"geldig_tot": "2099-01-01"}).status_code == 404
    # The board sees the scan but not the invitations.
    login(client, world.personas["bestuur_user_a"])
    url = reverse("zelfscan:team_intrekken", kwargs={"pk": world.scan_a.pk, "uitnodiging": u.pk})
    assert client.post(url).status_code == 404
    u.refresh_from_db()
    assert u.ingetrokken_op is None
    assert Client().get(link(u.sleutel)).status_code == 200
    assert mailoutbox == []


# --- the team's view


def test_fewer_than_three_ratings_show_nothing_not_even_their_number(ib, world):
    team(world.scan_a, {hgw("1.1"): [1, 4]})
    html = ib.get(team_url(world.scan_a)).content.decode()
    section = html[html.index('id="teamoordeel"') : html.index('id="uitnodigingen"')]
    assert "minder dan 3 beoordelingen: niet getoond" in section
    assert '<td class="text-end">2</td>' not in section
    assert "minder dan 3 van hen hebben iets beoordeeld" in html
    assert "Mediaan</th>" in section  # the table's heading, but no figure in it
    assert not re.search(r"mediaan \d", section)
    assert "sterk" not in section.split("Per item")[1]


def test_the_distribution_median_and_disagreement_from_three_ratings_on(ib, world):
    fill_all(world.scan_a, score=3)
    team(world.scan_a, {
        hgw("1.1"): [1, 4, 4],  # spread 1,41: strong
        hgw("1.2"): [1, 2, 4, 4],  # spread 1,30: strong
        hgw("1.3"): [3, 3, 4],  # spread 0,47
    })  # fmt: skip
    html = ib.get(team_url(world.scan_a)).content.decode()
    section = html[html.index('id="teamoordeel"') : html.index('id="uitnodigingen"')]
    punten = section[section.index("Punten voor het teamoverleg") : section.index("verschillen")]
    # Strong disagreement first, the largest spread first; 1.3 is not a point.
    assert punten.index("<strong>1.1</strong>") < punten.index("<strong>1.2</strong>")
    assert "<strong>1.3</strong>" not in punten
    assert "3 beoordelingen:" in punten
    assert "1: 1×" in punten and "4: 2×" in punten and "mediaan 4,0, spreiding 1,4" in punten
    assert "4 beoordelingen:" in punten and "mediaan 3,0, spreiding 1,3" in punten
    # The table: counts per score, median, spread, the school's score; 1.1 differs.
    rij = re.search(r'<tr class="table-warning">\s*<th scope="row" class="fw-normal"><span '
                    r'class="fw-semibold">1.1</span>.*?</tr>', section, re.S).group(0)  # fmt: skip
    cellen = re.findall(r'<td class="text-end">([^<]*)', rij)
    assert cellen[:7] == ["3", "1", "0", "0", "2", "4,0", "1,4"]
    assert "wijkt af" in rij


def test_no_page_export_or_report_shows_a_raters_name_beside_a_rating(client, world):
    fill_all(world.scan_a, score=3)
    mensen = team(world.scan_a, {hgw("1.1"): [1, 4, 4], hgw("1.2"): [2, 2, 2]}, naam="Zeldzaam")
    for i, mens in enumerate(mensen):
        Teamscore.objects.filter(uitnodiging=mens, item=hgw("1.1")).update(
            toelichting=f"Opmerking {i}"
        )
    namen = [m.naam for m in mensen] + [m.email for m in mensen]
    scan = world.scan_a
    urls = [
        reverse("zelfscan:scan", kwargs={"pk": scan.pk}),
        reverse("zelfscan:scan_deel", kwargs={"pk": scan.pk, "deel": "hgw"}),
        reverse("zelfscan:scan_historie", kwargs={"pk": scan.pk}),
        reverse("zelfscan:gesprek", kwargs={"pk": scan.pk}),
        reverse("zelfscan:resultaat_school", kwargs={"pk": scan.pk}),
        reverse("zelfscan:resultaat_school_export",
                kwargs={"pk": scan.pk, "tabel": "groepen", "formaat": "csv"}),
    ]  # fmt: skip
    for persona in ("school_user_a", "directeur_a", "bestuur_user_a", "superuser"):
        login(client, world.personas[persona])
        for url in [*urls, team_url(scan)]:
            response = client.get(url)
            if response.status_code == 404 and persona == "bestuur_user_a" and "historie" in url:
                continue  # the board does not see who typed what
            assert response.status_code == 200, url
            text = b"".join(response).decode() if response.streaming else response.content.decode()
            if url == team_url(scan) and persona in ("school_user_a", "directeur_a", "superuser"):
                # The school sees whom it invited, in a list that holds no rating.
                assert 'id="uitnodigingen"' in text
                ratings = text[: text.index('id="uitnodigingen"')]
                invited = text[text.index('id="uitnodigingen"') :]
                assert all(n in invited for n in namen)
                assert not re.search(r"\d×|mediaan|Opmerking \d", invited)
                text = ratings
            assert not any(n in text for n in namen), (persona, url)
    # The notes are shown, in alphabetical order, without a name.
    login(client, world.personas["school_user_a"])
    html = client.get(team_url(scan)).content.decode()
    assert re.search(r"<li>Opmerking 0</li><li>Opmerking 1</li><li>Opmerking 2</li>", html)
    # The school report (PDF).
    from tests.test_it_makes_reports import pdf_text

    text, _pages = pdf_text(client.get(reverse("zelfscan:rapport_school", kwargs={"pk": scan.pk})))
    assert "Het oordeel van het team" in text
    assert not any(n in text for n in namen)


def test_team_ratings_never_enter_the_results(ib, world):
    fill_all(world.scan_a, score=3)
    voor = list(Groepsresultaat.objects.filter(scan=world.scan_a).values().order_by("pk"))
    page = ib.get(reverse("zelfscan:resultaat_school", kwargs={"pk": world.scan_a.pk}))
    team(world.scan_a, {hgw("1.1"): [1, 1, 1], hgw("1.2"): [1, 1, 1]})
    assert list(Groepsresultaat.objects.filter(scan=world.scan_a).values().order_by("pk")) == voor
    again = ib.get(reverse("zelfscan:resultaat_school", kwargs={"pk": world.scan_a.pk}))

    assert zonder_token(again.content) == zonder_token(page.content)


def test_the_team_page_makes_the_same_queries_for_three_raters_as_for_twelve(ib, world):
    fill_all(world.scan_a, score=3)
    items = [hgw(c) for c in ("1.1", "1.2", "1.3")]
    team(world.scan_a, {i: [2, 3, 4] for i in items}, naam="Eerste")
    ib.get(team_url(world.scan_a))  # the first request of a session writes it
    drie = queries(ib, team_url(world.scan_a))
    team(world.scan_a, {i: [1, 2, 3, 4, 1, 2, 3, 4, 1] for i in items}, naam="Tweede")
    twaalf = queries(ib, team_url(world.scan_a))
    assert Teamuitnodiging.objects.count() == 12
    assert twaalf == drie


# --- nobody's rating can be told by what the school does (issue 28, part 2)


def _wat_de_school_ziet(client, scan) -> list[str]:
    """Everything of the team's view the school can read: the team page above its own list of
    invitations (which says whom it invited, not who rated), and the team's block beside
    each rated item."""
    html = client.get(team_url(scan)).content.decode()
    zicht = [html[html.index("<h1") : html.index('id="uitnodigingen"')]]
    # The part of the rated items (the team's block stands beside a rated item only).
    pagina = client.get(
        reverse("zelfscan:scan_deel", kwargs={"pk": scan.pk, "deel": "hgw"})
    ).content.decode()
    zicht += re.findall(r'<div class="teamblok.*?</div>', pagina, re.S)
    return [re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", z) for z in zicht]


def test_withdrawing_sending_again_and_inviting_again_tell_nothing_of_a_colleague(
    ib, world, mailoutbox, django_capture_on_commit_callbacks
):
    """Four colleagues are asked; three rate, Anna among them. Whatever the school does with
    Anna's invitation, and however long it watches, its view does not change until it closes
    the rating; after that nothing can change it. Anna's ratings count throughout."""
    scan = world.scan_a
    fill_all(scan, score=3)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(ib, scan, "Anna\tanna@school.example\nBram\tbram@school.example\n"
                          "Cees\tcees@school.example\nDirk\tdirk@school.example")  # fmt: skip
    sleutel = {m.to[0].split("@")[0]: k for m, k in zip(mailoutbox, sleutels_uit(mailoutbox),
                                                       strict=True)}  # fmt: skip
    anna = Teamuitnodiging.objects.get(email="anna@school.example")
    for wie, score in (("bram", "1"), ("cees", "4")):
        assert sla_op(Client(), sleutel[wie], hgw("1.1"), score=score).status_code == 200
    voor = _wat_de_school_ziet(ib, scan)
    assert not re.search(r"\d+ beoordelingen:|×|mediaan \d|van hen", "".join(voor))

    # Anna rates (as the school watches), is withdrawn, sent a link again, asked again for
    # another part: the view stays what it was, byte for byte.
    assert sla_op(Client(), sleutel["anna"], hgw("1.1"), score="4",
                  toelichting="Alleen Anna schrijft dit").status_code == 200  # fmt: skip
    assert _wat_de_school_ziet(ib, scan) == voor
    url = {"pk": scan.pk, "uitnodiging": anna.pk}
    assert ib.post(reverse("zelfscan:team_intrekken", kwargs=url)).status_code == 302
    assert _wat_de_school_ziet(ib, scan) == voor
    with django_capture_on_commit_callbacks(execute=True):
        geldig = f"{timezone.localdate() + datetime.timedelta(days=3)}"
        assert ib.post(reverse("zelfscan:team_opnieuw", kwargs=url),
                       {"geldig_tot": geldig}).status_code == 302  # fmt: skip
    assert _wat_de_school_ziet(ib, scan) == voor
    with django_capture_on_commit_callbacks(execute=True):
        _invite(ib, scan, "Anna\tanna@school.example", onderdelen=("themas",))
    assert _wat_de_school_ziet(ib, scan) == voor
    # Submitting waits for the rating to be closed.
    submit = reverse("zelfscan:scan_overgang", kwargs={"pk": scan.pk})
    refused = ib.post(submit, {"naar": "ingediend"})
    assert refused.status_code == 400
    assert "sluit eerst de teambeoordeling" in refused.content.decode()

    # Closed: the view, with Anna's rating in it (withdrawn and sent again, it counted all
    # along), and from now on nothing the school does changes it.
    assert ib.post(reverse("zelfscan:team_sluiten", kwargs={"pk": scan.pk})).status_code == 302
    na = _wat_de_school_ziet(ib, scan)
    tekst = re.sub(r"<[^>]+>", "", "".join(na))
    assert "3 beoordelingen: 1: 1× · 2: 0× · 3: 0× · 4: 2×" in tekst
    assert "Alleen Anna schrijft dit" in tekst
    assert "3 van hen hebben iets beoordeeld" in tekst
    nieuw = sleutels_uit([m for m in mailoutbox if "/team/" in m.body])[-1]  # Anna's new link
    for stap in (
        lambda: ib.post(reverse("zelfscan:team_intrekken", kwargs=url)),
        lambda: ib.post(reverse("zelfscan:team_opnieuw", kwargs=url), {"geldig_tot": geldig}),
        lambda: _invite(ib, scan, "Eva\teva@school.example"),
        lambda: ib.post(reverse("zelfscan:team_sluiten", kwargs={"pk": scan.pk})),
        lambda: sla_op(Client(), nieuw, hgw("1.1"), score="1", versie=1),
        lambda: sla_op(Client(), sleutel["dirk"], hgw("1.1"), score="1"),
    ):
        stap()
        assert _wat_de_school_ziet(ib, scan) == na
    assert Client().get(link(nieuw)).status_code == 404
    assert not Teamuitnodiging.objects.filter(email="eva@school.example").exists()
    assert Teamuitnodiging.objects.get(pk=anna.pk).ingetrokken_op is None


def test_the_view_shows_nothing_while_the_rating_is_open_and_only_the_school_closes_it(
    client, world
):
    team(world.scan_a, {hgw("1.1"): [1, 4, 4]}, sluiten=False)
    sluiten = reverse("zelfscan:team_sluiten", kwargs={"pk": world.scan_a.pk})
    for persona in ("bestuur_user_a", "superuser"):
        login(client, world.personas[persona])
        html = client.get(team_url(world.scan_a)).content.decode()
        assert 'id="team-open"' in html and "mediaan 4" not in html
    for persona, status in (("bestuur_user_a", 302), ("consulent_a", 404),
                            ("school_user_a", 302)):  # fmt: skip
        login(client, world.personas[persona])
        assert client.post(sluiten).status_code == status
        world.scan_a.refresh_from_db()
        assert (world.scan_a.team_gesloten_op is not None) == (persona == "school_user_a"), persona
    html = client.get(team_url(world.scan_a)).content.decode()
    assert "mediaan 4,0" in html


# --- the school's decision, with its reason


def test_where_the_school_differs_the_reason_is_asked_before_submitting(ib, world):
    fill_all(world.scan_a, score=3)
    i = hgw("1.1")
    team(world.scan_a, {i: [1, 1, 2], hgw("1.2"): [3, 3, 4]})
    deel = reverse("zelfscan:scan_deel", kwargs={"pk": world.scan_a.pk, "deel": "hgw"})
    html = ib.get(deel).content.decode()
    blok = html[html.index(f'id="antwoord-{i.pk}"') :]
    blok = blok[: blok.index("</fieldset>")]
    assert "3 beoordelingen: <span" in blok and "mediaan 1,0" in blok
    assert "<div data-teamreden>" in blok  # open: the school's 3 is 2 points above
    assert f'name="teamreden-{i.pk}"' in blok
    # 1.2 (school 3, team median 3): the field is there for the script, but closed.
    blok2 = html[html.index(f'id="antwoord-{hgw("1.2").pk}"') :]
    assert "<div data-teamreden hidden>" in blok2[: blok2.index("</fieldset>")]

    submit = reverse("zelfscan:scan_overgang", kwargs={"pk": world.scan_a.pk})
    refused = ib.post(submit, {"naar": "ingediend"})
    assert refused.status_code == 400
    assert "wijkt een heel punt of meer af van de mediaan van het team bij 1.1" in (
        refused.content.decode()
    )
    # The autosave carries the reason; a change without it leaves it alone.
    reden = "Het team kent de nieuwe werkwijze nog niet"
    assert (
        autosave(ib, world.scan_a, ident=i.pk, versie=1, score="3", teamreden=reden).json()[
            "versie"
        ]
        == 2
    )
    assert (
        autosave(ib, world.scan_a, ident=i.pk, versie=2, score="3", toelichting="Zie plan").json()[
            "versie"
        ]
        == 3
    )
    assert ib.post(submit, {"naar": "ingediend"}).status_code == 302
    # The conversation's agenda names the difference and the reason, not who rated.
    agenda = [p.tekst for p in concept_agenda(scan=world.scan_a) if p.soort == "team"]
    assert agenda == [
        "School en team verschillen bij 1.1 (Algemene preventieve ondersteuning in de groep): "
        "de school 3, de mediaan van het team 1,0 van 3 beoordelingen. De reden van de school: "
        "Het team kent de nieuwe werkwijze nog niet"
    ]


def test_the_same_invitation_twice_sends_one_link_that_keeps_working(
    ib, world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(ib, world.scan_a, "Anna\tanna@school.example")
        _invite(ib, world.scan_a, "Anna\tanna@school.example")  # a second click
    assert len(mailoutbox) == 1
    (sleutel,) = sleutels_uit(mailoutbox)
    # Asked for one more part: told so, with the same link.
    with django_capture_on_commit_callbacks(execute=True):
        _invite(ib, world.scan_a, "Anna\tanna@school.example", onderdelen=("themas",))
    assert len(mailoutbox) == 2
    assert "/team/" not in mailoutbox[1].body
    assert "- Almeerse thema's" in mailoutbox[1].body
    assert Teamuitnodiging.objects.get().onderdelen == ["hgw", "themas"]
    assert Client().get(link(sleutel)).status_code == 200


def test_a_withdrawn_colleagues_ratings_still_count(ib, world):
    """Withdrawing stops further rating; what was given counts (issue 28: taking it back
    would show, by the difference, what that colleague rated)."""
    mensen = team(world.scan_a, {hgw("1.1"): [1, 4, 4, 4]}, sluiten=False)
    ib.post(
        reverse(
            "zelfscan:team_intrekken", kwargs={"pk": world.scan_a.pk, "uitnodiging": mensen[3].pk}
        )
    )
    sluiten = reverse("zelfscan:team_sluiten", kwargs={"pk": world.scan_a.pk})
    assert ib.post(sluiten).status_code == 302
    html = ib.get(team_url(world.scan_a)).content.decode()
    assert "4 beoordelingen: 1: 1× · 2: 0× · 3: 0× · 4: 3×" in re.sub(r"<[^>]+>", "", html)


def test_the_team_pages_answer_only_get_and_post(ib, world):
    u = uitnodiging(world.scan_a, "Anna")
    for url in (team_url(world.scan_a), link(u.sleutel)):
        assert ib.put(url).status_code == 405
        assert ib.delete(url).status_code == 405
    assert Teamuitnodiging.objects.filter(pk=u.pk).exists()
