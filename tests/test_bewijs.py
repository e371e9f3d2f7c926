"""Evidence per indicator (issue 17, part 3): files and links attached to an item by the
school, checked to be what their name says, shown to whoever sees the scan, downloaded only
through the scoped view, and offered again next round."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.bewijshulp import docx_bytes, pdf_bytes, png_bytes, upload
from tests.personas import login, open_round
from tests.scanhulp import item
from zelfscan.models import Bewijsstuk, Zelfscan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _eigen_map(settings, tmp_path):
    """A directory of each test's own, so a test sees exactly the files it stored."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


def url(scan, i):
    return reverse("zelfscan:bewijs", kwargs={"pk": scan.pk, "item": i.pk})


def download(b):
    return reverse("zelfscan:bewijs_download", kwargs={"pk": b.pk})


def insp1():
    return item("insp-1")


def _bestanden() -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def voeg_toe(client, scan, naam, inhoud, titel=""):
    return client.post(
        url(scan, insp1()), {"soort": "bestand", "bestand": upload(naam, inhoud), "titel": titel}
    )


def test_the_school_adds_a_file_that_is_stored_under_a_name_of_its_own(ib, world):
    inhoud = pdf_bytes()
    response = voeg_toe(ib, world.scan_a, "Zorgplan 2026.pdf", inhoud, titel="Zorgplan")
    assert response.status_code == 302
    b = Bewijsstuk.objects.get()
    assert (b.titel, b.bestandsnaam, b.grootte, b.inhoudstype, b.item_id) == (
        "Zorgplan", "Zorgplan 2026.pdf", len(inhoud), "application/pdf", insp1().pk,
    )  # fmt: skip
    # Per school, a random name: not the school's, not guessable.
    assert b.bestand.name.startswith(f"bewijs/{world.school_a.pk}/")
    assert "Zorgplan" not in b.bestand.name and len(Path(b.bestand.name).stem) == 32
    got = ib.get(download(b))
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == inhoud
    assert got["Content-Type"] == "application/pdf"
    assert got["Content-Disposition"] == 'attachment; filename="Zorgplan 2026.pdf"'
    assert "no-store" in got["Cache-Control"]
    # Shown beside the item, for whoever sees the scan.
    deel = reverse("zelfscan:scan_deel", kwargs={"pk": world.scan_a.pk, "deel": "ijkpunt-4"})
    assert f'href="{download(b)}">Zorgplan</a>' in ib.get(deel).content.decode()


@pytest.mark.parametrize(
    ("naam", "inhoud", "melding"),
    [
        ("beleid.pdf", b"MZ\x90\x00" + b"\x00" * 200, "Dit bestand is geen PDF-bestand"),
        ("beleid.docx", png_bytes(), "Dit bestand is geen Word-bestand"),
        ("cijfers.xlsx", docx_bytes(), "Dit bestand is geen Excel-bestand"),
        ("foto.png", b"<html><script>alert(1)</script></html>", "Dit bestand is geen PNG-bestand"),
        ("beleid.exe", b"MZ\x90\x00", "Alleen PDF-, Word-, Excel-"),
        (
            "tekening.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
            "Alleen PDF-, Word-, Excel-",
        ),
        ("pagina.html", b"<html></html>", "Alleen PDF-, Word-, Excel-"),
        ("leeg.pdf", b"", "Het bestand is leeg."),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(ib, world, naam, inhoud, melding):
    response = voeg_toe(ib, world.scan_a, naam, inhoud)
    assert response.status_code == 400
    assert melding in response.content.decode()
    assert not Bewijsstuk.objects.exists()
    assert _bestanden() == []


def test_a_file_over_the_limit_is_refused_without_being_stored(ib, world, settings):
    settings.BEWIJS_MAX_MB = 1
    groot = pdf_bytes() + b"%" + b"x" * (1024 * 1024)
    response = voeg_toe(ib, world.scan_a, "groot.pdf", groot)
    assert response.status_code == 413
    assert "Het bestand is groter dan 1,0\xa0MB." in response.content.decode()
    assert not Bewijsstuk.objects.exists()
    assert _bestanden() == []


def test_the_kinds_a_school_keeps_its_policy_in_are_accepted(ib, world):
    for naam, inhoud in (("a.pdf", pdf_bytes()), ("b.docx", docx_bytes()), ("c.png", png_bytes())):
        assert voeg_toe(ib, world.scan_a, naam, inhoud).status_code == 302, naam
    assert Bewijsstuk.objects.count() == 3


@pytest.mark.parametrize(
    ("adres", "goed"),
    [
        ("https://www.school.example/zorgplan", True),
        ("www.school.example/schoolgids", True),  # https is assumed
        ("javascript:alert(1)", False),
        ("ftp://files.example/plan.pdf", False),
        ("data:text/html,<script>alert(1)</script>", False),
    ],
)
def test_a_link_is_a_web_address(ib, world, adres, goed):
    response = ib.post(url(world.scan_a, insp1()), {"soort": "link", "url": adres, "titel": ""})
    assert response.status_code == (302 if goed else 400)
    assert Bewijsstuk.objects.filter(soort="link").exists() == goed
    if goed:
        assert Bewijsstuk.objects.get().url.startswith("https://")


def test_a_file_is_downloadable_only_by_those_who_may_see_its_scan(client, ib, world):
    voeg_toe(ib, world.scan_a, "plan.pdf", pdf_bytes())
    b = Bewijsstuk.objects.get()
    expected = {
        "school_user_a": 200, "directeur_a": 200, "bestuur_user_a": 200, "superuser": 200,
        # A concept: the consulent and the SWV do not see the scan yet.
        "consulent_a": 404, "beheerder_a": 404,
        "bestuur_user_other": 404, "consulent_other": 404, "beheerder_other": 404,
    }  # fmt: skip
    for persona, status in expected.items():
        login(client, world.personas[persona])
        assert client.get(download(b)).status_code == status, persona
    Zelfscan.objects.filter(pk=world.scan_a.pk).update(status=Zelfscan.Status.VRIJGEGEVEN)
    for persona in ("consulent_a", "beheerder_a"):
        login(client, world.personas[persona])
        assert client.get(download(b)).status_code == 200, persona
    client.logout()
    assert client.get(download(b))["Location"].startswith(reverse("account:inloggen"))


def test_only_the_school_adds_or_removes_evidence_while_the_scan_is_a_concept(
    client, ib, world, django_capture_on_commit_callbacks
):
    voeg_toe(ib, world.scan_a, "plan.pdf", pdf_bytes())
    b = Bewijsstuk.objects.get()
    login(client, world.personas["bestuur_user_a"])  # sees the scan, may not change it
    assert voeg_toe(client, world.scan_a, "ander.pdf", pdf_bytes()).status_code == 403
    client.post(reverse("zelfscan:bewijs_verwijderen", kwargs={"pk": b.pk}))
    login(client, world.personas["bestuur_user_other"])  # does not see it
    assert voeg_toe(client, world.scan_a, "ander.pdf", pdf_bytes()).status_code == 404
    assert (
        client.post(reverse("zelfscan:bewijs_verwijderen", kwargs={"pk": b.pk})).status_code == 404
    )
    assert list(Bewijsstuk.objects.all()) == [b]
    assert len(_bestanden()) == 1
    # An item the scan does not ask: 404.
    login(client, world.personas["school_user_a"])
    vo_item = item("1.1", "hgw-1")
    vreemd = reverse("zelfscan:bewijs", kwargs={"pk": world.scan_a.pk, "item": vo_item.pk + 10**6})
    assert client.get(vreemd).status_code == 404
    # Removed by the school: the row and, once that commits, the file are gone.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("zelfscan:bewijs_verwijderen", kwargs={"pk": b.pk}))
    assert not Bewijsstuk.objects.exists()
    assert _bestanden() == []
    # Submitted: read-only.
    voeg_toe(ib, world.scan_a, "plan.pdf", pdf_bytes())
    Zelfscan.objects.filter(pk=world.scan_a.pk).update(status=Zelfscan.Status.INGEDIEND)
    assert voeg_toe(ib, world.scan_a, "nog een.pdf", pdf_bytes()).status_code == 403
    assert Bewijsstuk.objects.count() == 1


def test_last_rounds_evidence_is_offered_and_kept_when_confirmed(
    ib, world, django_capture_on_commit_callbacks
):
    inhoud = pdf_bytes("Zorgplan")
    voeg_toe(ib, world.scan_a, "zorgplan.pdf", inhoud, titel="Zorgplan")
    ib.post(url(world.scan_a, insp1()), {"soort": "link", "url": "https://school.example/gids"})
    oud_bestand, oud_link = Bewijsstuk.objects.order_by("pk")
    Zelfscan.objects.filter(pk=world.scan_a.pk).update(status=Zelfscan.Status.AFGEROND)
    open_round(world, "2026-2027")
    nieuw = world.scan_a
    assert nieuw.vorige_id == oud_bestand.scan_id
    deel = reverse("zelfscan:scan_deel", kwargs={"pk": nieuw.pk, "deel": "ijkpunt-4"})
    assert "2 bewijsstukken van vorige ronde: nog geldig?" in ib.get(deel).content.decode()
    page = ib.get(url(nieuw, insp1())).content.decode()
    assert "Bewijs van vorige ronde: nog geldig?" in page and "Zorgplan" in page
    keep = reverse(
        "zelfscan:bewijs_overnemen",
        kwargs={"pk": nieuw.pk, "item": insp1().pk, "vorig": oud_bestand.pk},
    )
    assert ib.post(keep).status_code == 302
    assert ib.post(keep).status_code == 404  # kept already: no longer offered
    kept = Bewijsstuk.objects.get(scan=nieuw)
    assert (kept.overgenomen_van, kept.bestand.name, kept.titel) == (
        oud_bestand,
        oud_bestand.bestand.name,
        "Zorgplan",
    )
    assert b"".join(ib.get(download(kept)).streaming_content) == inhoud
    assert "1 bewijsstuk van vorige ronde: nog geldig?" in ib.get(deel).content.decode()
    # Removed from this round, the file stays with last round's scan.
    with django_capture_on_commit_callbacks(execute=True):
        ib.post(reverse("zelfscan:bewijs_verwijderen", kwargs={"pk": kept.pk}))
    assert os.path.exists(oud_bestand.bestand.path)
    assert ib.get(download(oud_bestand)).status_code == 200
    assert oud_link.soort == "link"


def test_text_fields_refuse_a_nul_byte(ib, world):
    response = ib.post(
        url(world.scan_a, insp1()),
        {"soort": "bestand", "bestand": upload("a.pdf", pdf_bytes()), "titel": "a\x00b"},
    )
    assert response.status_code == 400
    assert not Bewijsstuk.objects.exists()


def test_a_strange_file_name_is_kept_without_its_folder_and_control_characters(ib, world):
    """Django's upload parser drops the folder and control characters; the download offers
    the rest back, encoded for the header."""
    naam = "../../etc/Plan\t2026\x07 é.pdf"
    assert voeg_toe(ib, world.scan_a, naam, pdf_bytes()).status_code == 302
    b = Bewijsstuk.objects.get()
    assert b.bestandsnaam == "Plan2026 é.pdf"
    assert ".." not in b.bestand.name and "etc" not in b.bestand.name
    got = ib.get(download(b))
    assert got.status_code == 200
    assert got["Content-Disposition"] == "attachment; filename*=utf-8''Plan2026%20%C3%A9.pdf"


def test_taking_over_evidence_that_is_not_last_rounds_of_this_school_is_404(client, ib, world):
    # School B's evidence, offered to nobody else: school A's IB-er cannot take it over.
    login(client, world.personas["superuser"])
    voeg_toe(client, world.scan_b, "b.pdf", pdf_bytes())
    vreemd = Bewijsstuk.objects.get(scan=world.scan_b)
    url = reverse(
        "zelfscan:bewijs_overnemen",
        kwargs={"pk": world.scan_a.pk, "item": insp1().pk, "vorig": vreemd.pk},
    )
    assert ib.post(url).status_code == 404
    assert not Bewijsstuk.objects.filter(scan=world.scan_a).exists()


# --- erasure (issue 28, part 3): files go with their rows, after the commit


def _admin_delete(client, model: str, pk: int):
    url = reverse(f"admin:zelfscan_{model}_delete", args=[pk])
    return client.post(url, {"post": "yes"})


def test_a_scan_or_a_school_erased_takes_its_files_after_the_commit(
    client, ib, world, django_capture_on_commit_callbacks
):
    voeg_toe(ib, world.scan_a, "plan.pdf", pdf_bytes())
    voeg_toe(ib, world.scan_a, "gids.pdf", pdf_bytes())
    assert len(_bestanden()) == 2
    login(client, world.personas["superuser"])
    # Not before the commit: while the transaction runs the files are there.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert _admin_delete(client, "zelfscan", world.scan_a.pk).status_code == 302
    assert not Bewijsstuk.objects.exists() and len(_bestanden()) == 2
    for callback in callbacks:
        callback()
    assert _bestanden() == []

    # A school, with its scans (the admin lists them first), and their files.
    school_b_ib = _ib_van(world.school_b)
    login(client, school_b_ib)
    assert voeg_toe(client, world.scan_b, "plan.pdf", pdf_bytes()).status_code == 302
    assert len(_bestanden()) == 1
    login(client, world.personas["superuser"])
    assert (
        "Zelfscan"
        in client.get(
            reverse("admin:zelfscan_school_delete", args=[world.school_b.pk])
        ).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert _admin_delete(client, "school", world.school_b.pk).status_code == 302
    assert not Zelfscan.objects.filter(school_id=world.school_b.pk).exists()
    assert _bestanden() == []


def _ib_van(school):
    from zelfscan.models import Rol, User

    user = User.objects.create_user(f"ib_{school.pk}", f"ib{school.pk}@example.nl", "x")
    Rol.objects.create(user=user, soort="ib_er", school=school)
    return user


def test_a_rolled_back_removal_keeps_the_file(ib, world, django_capture_on_commit_callbacks):
    from django.db import transaction

    from zelfscan.scans import bewijs as diensten

    voeg_toe(ib, world.scan_a, "plan.pdf", pdf_bytes())
    b = Bewijsstuk.objects.get()
    pk = b.pk
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        diensten.verwijder(bewijs=b, door=world.personas["school_user_a"])
        raise RuntimeError("afgebroken")
    assert callbacks == []  # the removal's file deletion went with the rollback
    b = Bewijsstuk.objects.get(pk=pk)
    assert len(_bestanden()) == 1 and ib.get(download(b)).status_code == 200


def test_the_retention_job_removes_evidence_past_the_period_and_orphans_and_nothing_else(
    ib, world, settings, django_capture_on_commit_callbacks
):
    """Evidence of a round whose deadline lies more than BEWIJS_BEWAARDAGEN back goes, with its
    file unless a later round's row names it; a stored file no row names goes once it is an
    hour old; everything else stays."""
    import datetime
    import time

    from zelfscan.models import Scanronde
    from zelfscan.tasks import ruim_op

    settings.BEWIJS_BEWAARDAGEN = 365
    voeg_toe(ib, world.scan_a, "oud.pdf", pdf_bytes("oud"))
    voeg_toe(ib, world.scan_a, "meegenomen.pdf", pdf_bytes("mee"))
    oud, meegenomen = Bewijsstuk.objects.order_by("pk")
    Zelfscan.objects.filter(pk=world.scan_a.pk).update(status=Zelfscan.Status.AFGEROND)
    Scanronde.objects.filter(pk=world.ronde.pk).update(deadline=datetime.date(2020, 6, 30))
    open_round(world, "2026-2027")
    keep = reverse(
        "zelfscan:bewijs_overnemen",
        kwargs={"pk": world.scan_a.pk, "item": insp1().pk, "vorig": meegenomen.pk},
    )
    assert ib.post(keep).status_code == 302  # fmt: skip
    voeg_toe(ib, world.scan_a, "nieuw.pdf", pdf_bytes("nieuw"))
    # Two files nobody names: one left an hour ago, one just stored (an upload in progress).
    map_ = Path(settings.MEDIA_ROOT) / "bewijs" / str(world.school_a.pk)
    (map_ / "wees-oud.pdf").write_bytes(b"%PDF")
    uur_geleden = time.time() - 2 * 3600
    os.utime(map_ / "wees-oud.pdf", (uur_geleden, uur_geleden))
    (map_ / "wees-nieuw.pdf").write_bytes(b"%PDF")
    voor = {p.name for p in _bestanden()}

    with django_capture_on_commit_callbacks(execute=True):
        uitkomst = ruim_op.call()
    assert (uitkomst["bewijs_verlopen"], uitkomst["bewijs_wezen"]) == (2, 1)
    assert set(Bewijsstuk.objects.values_list("titel", flat=True)) == {"meegenomen.pdf",
                                                                       "nieuw.pdf"}  # fmt: skip
    na = {p.name for p in _bestanden()}
    assert voor - na == {Path(oud.bestand.name).name, "wees-oud.pdf"}
    assert Path(meegenomen.bestand.name).name in na and "wees-nieuw.pdf" in na
    # Twice: nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        again = ruim_op.call()
    assert (again["bewijs_verlopen"], again["bewijs_wezen"]) == (0, 0)


def test_erasure_works_the_same_on_storage_that_is_not_a_file_system(
    ib, world, settings, django_capture_on_commit_callbacks
):
    """Object storage (S3) is reached through the same storage API; here Django's in-memory
    storage stands in for it: no path, no directory, only names."""
    from django.core.files.storage import default_storage

    from zelfscan.tasks import ruim_op

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    voeg_toe(ib, world.scan_a, "plan.pdf", pdf_bytes())
    voeg_toe(ib, world.scan_a, "gids.pdf", pdf_bytes())
    plan, gids = Bewijsstuk.objects.order_by("pk")
    assert default_storage.exists(plan.bestand.name) and not Path(settings.MEDIA_ROOT).exists()
    with django_capture_on_commit_callbacks(execute=True):
        ib.post(reverse("zelfscan:bewijs_verwijderen", kwargs={"pk": plan.pk}))
    assert not default_storage.exists(plan.bestand.name)
    assert default_storage.exists(gids.bestand.name)
    settings.BEWIJS_BEWAARDAGEN = 0
    from zelfscan.models import Scanronde

    Scanronde.objects.filter(pk=world.ronde.pk).update(deadline="2020-06-30")
    with django_capture_on_commit_callbacks(execute=True):
        assert ruim_op.call()["bewijs_verlopen"] == 1
    assert not default_storage.exists(gids.bestand.name)
