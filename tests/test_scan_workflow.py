"""The states of a scan, who may move it, comments, prefill and rounds."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from ijkpunten.models import Item
from tests.personas import login, open_round
from tests.scanhulp import autosave, fill_all, history
from zelfscan.models import Antwoord, Opmerking, School, Statusovergang, Zelfscan

pytestmark = pytest.mark.django_db


def as_(world, persona):
    client = Client()
    login(client, world.personas[persona])
    return client


def step(client, scan, naar, reden=""):
    return client.post(reverse("zelfscan:scan_overgang", kwargs={"pk": scan.pk}),
                       {"naar": naar, "reden": reden})  # fmt: skip


def status(scan):
    return Zelfscan.objects.get(pk=scan.pk).status


def put(scan, value):
    Zelfscan.objects.filter(pk=scan.pk).update(status=value)


# (from, to, reason needed, persona who may, personas who may not and the answer they get)
STEPS = [
    ("concept", "ingediend", False, "school_user_a",
     {"bestuur_user_a": 403, "consulent_a": 404, "beheerder_a": 404, "bestuur_user_other": 404}),
    ("ingediend", "vrijgegeven", False, "bestuur_user_a",
     {"school_user_a": 403, "consulent_a": 404, "beheerder_a": 404, "bestuur_user_other": 404}),
    ("ingediend", "concept", True, "bestuur_user_a", {"school_user_a": 403}),
    ("vrijgegeven", "besproken", False, "consulent_a",
     {"school_user_a": 403, "bestuur_user_a": 403, "consulent_other": 404, "beheerder_a": 403}),
    ("vrijgegeven", "concept", True, "consulent_a", {"school_user_a": 403, "beheerder_other": 404}),
    ("besproken", "afgerond", False, "beheerder_a", {"school_user_a": 403, "bestuur_user_a": 403}),
    ("besproken", "afgerond", False, "consulent_a", {}),
    ("afgerond", "concept", True, "beheerder_a", {"consulent_a": 403, "bestuur_user_a": 403}),
]  # fmt: skip


@pytest.mark.parametrize(("van", "naar", "reden", "who", "others"), STEPS)
def test_each_step_and_who_may_take_it(world, van, naar, reden, who, others):
    fill_all(world.scan_a)
    put(world.scan_a, van)
    for persona, expected in others.items():
        assert step(as_(world, persona), world.scan_a, naar, "omdat").status_code == expected, (
            persona
        )
        assert status(world.scan_a) == van
    client = as_(world, who)
    if reden:
        response = step(client, world.scan_a, naar)
        assert response.status_code == 400
        assert "Geef een reden op; de school ziet die." in response.content.decode()
        assert status(world.scan_a) == van
    assert (
        step(client, world.scan_a, naar, "Graag ijkpunt 4 aanvullen" if reden else "").status_code
        == 302
    )
    assert status(world.scan_a) == naar
    overgang = Statusovergang.objects.get(scan=world.scan_a)
    assert (overgang.van, overgang.naar, overgang.door) == (van, naar, world.personas[who])
    assert overgang.reden == ("Graag ijkpunt 4 aanvullen" if reden else "")


def test_steps_that_do_not_exist_are_refused(world):
    fill_all(world.scan_a)
    response = step(as_(world, "superuser"), world.scan_a, "afgerond")
    assert response.status_code == 403
    assert status(world.scan_a) == "concept"
    assert step(as_(world, "school_user_a"), world.scan_a, "onzin").status_code == 404


def test_submitting_an_incomplete_scan_lists_what_is_open(world):
    open_items = fill_all(world.scan_a, leave_open=3)
    response = step(as_(world, "school_user_a"), world.scan_a, "ingediend")
    assert response.status_code == 400
    html = response.content.decode()
    assert "De zelfscan is nog niet compleet: 3 item(s) hebben nog geen score." in html
    for item in open_items:
        assert f"#antwoord-{item.pk}" in html
    assert status(world.scan_a) == "concept"


def test_a_submitted_scan_is_read_only_for_the_school(world):
    fill_all(world.scan_a)
    ib = as_(world, "school_user_a")
    assert step(ib, world.scan_a, "ingediend").status_code == 302
    item = Antwoord.objects.filter(scan=world.scan_a).first().item
    assert autosave(ib, world.scan_a, ident=item.pk, versie=1, score="1").status_code == 403
    assert Antwoord.objects.get(scan=world.scan_a, item=item).score == 3


def test_a_consulent_sees_a_scan_only_once_released_and_comments_per_part(world):
    fill_all(world.scan_a)
    consulent, ib = as_(world, "consulent_a"), as_(world, "school_user_a")
    url = reverse("zelfscan:scan_deel", kwargs={"pk": world.scan_a.pk, "deel": "ijkpunt-4"})
    put(world.scan_a, "ingediend")
    assert consulent.get(url).status_code == 404
    put(world.scan_a, "vrijgegeven")
    assert consulent.get(url).status_code == 200
    comment = reverse(
        "zelfscan:scan_opmerking", kwargs={"pk": world.scan_a.pk, "deel": "ijkpunt-4"}
    )
    assert consulent.post(comment, {"tekst": ""}).status_code == 302
    assert not Opmerking.objects.exists()
    response = consulent.post(comment, {"tekst": "Onderbouw ijkpunt 4 met de monitor."},
                              HTTP_HX_REQUEST="true")  # fmt: skip
    assert response.status_code == 200 and "Onderbouw ijkpunt 4" in response.content.decode()
    assert ib.post(comment, {"tekst": "zelf"}).status_code == 302  # refused: only the consulent
    assert Opmerking.objects.count() == 1
    assert (
        step(consulent, world.scan_a, "concept", "Zie opmerking bij de ijkpunten").status_code
        == 302
    )
    page = ib.get(url).content.decode()
    assert "Onderbouw ijkpunt 4 met de monitor." in page
    overview = ib.get(reverse("zelfscan:scan", kwargs={"pk": world.scan_a.pk})).content.decode()
    assert "Zie opmerking bij de ijkpunten" in overview


def test_history_is_for_the_school_and_its_consulent(world):
    ib = as_(world, "school_user_a")
    item = Item.objects.get(
        groep__normkader__code="anb-2024", groep__code="ijkpunt-1", code="insp-1"
    )
    autosave(ib, world.scan_a, ident=item.pk, score="2")
    autosave(ib, world.scan_a, ident=item.pk, versie=1, score="3")
    url = reverse("zelfscan:scan_historie", kwargs={"pk": world.scan_a.pk})
    html = ib.get(url).content.decode()
    assert "<td>score</td><td>2</td><td>3</td><td>automatisch opslaan</td>" in html
    assert as_(world, "bestuur_user_a").get(url).status_code == 404
    put(world.scan_a, "vrijgegeven")
    assert as_(world, "consulent_a").get(url).status_code == 200


def test_start_from_last_year_marks_each_answer_until_confirmed(world):
    vorig = world.ronde
    fill_all(world.scan_a, score=2)
    Antwoord.objects.filter(scan=world.scan_a).update(toelichting="vorig jaar")
    vorig.schooljaar = "2024-2025"
    vorig.save()
    ronde = open_round(world, "2025-2026")
    scan = ronde.scans.get(school=world.school_a)
    assert scan.vorige_id == Zelfscan.objects.get(ronde=vorig, school=world.school_a).pk
    ib = as_(world, "school_user_a")
    response = ib.post(reverse("zelfscan:scan_overnemen", kwargs={"pk": scan.pk}))
    assert response.status_code == 302
    copied = Antwoord.objects.filter(scan=scan)
    assert copied.count() == 280 and all(a.uit_vorige_scan and a.score == 2 for a in copied)
    assert set(history(scan).values_list("bron", flat=True)) == {"vorige_scan"}
    first, second = copied.order_by("item_id")[:2]
    # Confirming (the same value) and changing both clear the mark.
    assert (
        autosave(
            ib, scan, ident=first.item_id, versie=1, score="2", toelichting="vorig jaar"
        ).status_code
        == 200
    )
    assert (
        autosave(ib, scan, ident=second.item_id, versie=1, score="4", toelichting="").status_code
        == 200
    )
    first.refresh_from_db(), second.refresh_from_db()
    assert not first.uit_vorige_scan and not second.uit_vorige_scan
    assert Antwoord.objects.filter(scan=scan, uit_vorige_scan=True).count() == 278
    page = ib.get(
        reverse("zelfscan:scan_deel", kwargs={"pk": scan.pk, "deel": "anb"})
    ).content.decode()
    assert "uit vorig jaar" in page
    again = ib.post(reverse("zelfscan:scan_overnemen", kwargs={"pk": scan.pk}), follow=True)
    assert "overnemen kan alleen in een lege scan" in again.content.decode()


def test_opening_a_round_gives_every_active_school_a_scan_and_later_schools_too(world):
    beheerder = as_(world, "beheerder_a")
    response = beheerder.post(
        reverse("zelfscan:ronde_nieuw", kwargs={"pk": world.swv1.pk}),
        {"schooljaar": "2026-2027", "normkader": world.ronde.normkader.pk,
         "onderdelen": ["ijkpunten", "kengetallen"], "deadline": "2027-06-30"},
    )  # fmt: skip
    assert response.status_code == 302
    ronde = world.swv1.scanrondes.get(schooljaar="2026-2027")
    assert sorted(ronde.scans.values_list("school__naam", flat=True)) == ["School A", "School B"]
    dup = beheerder.post(
        reverse("zelfscan:ronde_nieuw", kwargs={"pk": world.swv1.pk}),
        {"schooljaar": "2026-2027", "normkader": world.ronde.normkader.pk,
         "onderdelen": ["ijkpunten"], "deadline": "2027-06-30"},
    )  # fmt: skip
    assert "Er is al een scanronde 2026-2027" in dup.content.decode()
    School.objects.create(swv=world.swv1, brin="77XX", naam="Nieuwkomer", bestuur=world.bestuur_a,
                          wijk=world.wijk1, soort="bao")  # fmt: skip
    from zelfscan.scans.workflow import ensure_scans_for_swv

    ronde.deadline = datetime.date.today() + datetime.timedelta(days=30)
    ronde.save()
    assert ensure_scans_for_swv(swv=world.swv1) >= 1
    assert ronde.scans.filter(school__naam="Nieuwkomer").exists()
    assert ensure_scans_for_swv(swv=world.swv1) == 0


def test_a_scan_filled_from_last_year_is_submitted_only_once_every_answer_is_confirmed(world):
    """Found from outside (issue 13): one click filled 257 of 257 (280 since issue 15) and the
    scan went in while every answer still said "uit vorig jaar – Bevestig"."""
    vorig = world.ronde
    fill_all(world.scan_a, score=3)
    vorig.schooljaar = "2024-2025"
    vorig.save()
    scan = open_round(world, "2025-2026").scans.get(school=world.school_a)
    ib = as_(world, "school_user_a")
    ib.post(reverse("zelfscan:scan_overnemen", kwargs={"pk": scan.pk}))
    eerste, tweede = Antwoord.objects.filter(scan=scan).order_by("item_id")[:2]
    assert autosave(ib, scan, ident=eerste.item_id, versie=1, score="4").status_code == 200
    overzicht = ib.get(reverse("zelfscan:scan", kwargs={"pk": scan.pk})).content.decode()
    assert "279 antwoorden zijn overgenomen uit vorig jaar en nog niet bevestigd" in overzicht
    response = step(ib, scan, "ingediend")
    assert response.status_code == 400
    assert "279 antwoorden uit vorig jaar zijn nog niet bevestigd" in response.content.decode()
    assert status(scan) == "concept"
    # Confirming them all asks for the tick first, and is for those who fill in the scan.
    url = reverse("zelfscan:scan_bevestigen", kwargs={"pk": scan.pk})
    assert "Vink eerst aan" in ib.post(url).content.decode()
    assert as_(world, "bestuur_user_a").post(url, {"nagekeken": "on"}).status_code == 403
    assert Antwoord.objects.filter(scan=scan, uit_vorige_scan=True).count() == 279
    assert ib.post(url, {"nagekeken": "on"}).status_code == 302
    assert not Antwoord.objects.filter(scan=scan, uit_vorige_scan=True).exists()
    assert (
        history(scan).filter(veld="uit_vorige_scan", door=world.personas["school_user_a"]).count()
        == 279
    )
    # The versions went up: a page still open on the prefilled answer hears of it.
    assert autosave(ib, scan, ident=tweede.item_id, versie=1, score="1").status_code == 409
    assert step(ib, scan, "ingediend").status_code == 302
    assert status(scan) == "ingediend"
