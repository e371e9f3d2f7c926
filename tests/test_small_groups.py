"""The small-group rule as an attacker tests it: every viewer of the demo world downloads every
aggregate they can, and no figure, nor any difference of two figures, is over one or two
schools outside their own scope (rekenregels.verborgen_totalen)."""

import csv
import io
import itertools

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import login
from zelfscan.models import Scanronde, School, User, Wijk, Zelfscan

pytestmark = pytest.mark.django_db

KINDS = ["", "bao", "sbo", "so", "vo"]
VIEWERS = ["demo-ib", "demo-directeur", "demo-bestuur", "demo-consulent"]  # outside the SWV


def rows(response):
    assert response.status_code == 200, response
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def released_sets(ronde):
    """(level, name, kind) -> the schools a total is over, from the database."""
    sets = {}
    for school_id, wijk, bestuur, soort in (
        Zelfscan.objects.in_totalen()
        .filter(ronde=ronde)
        .values_list("school_id", "school__wijk__naam", "school__bestuur__naam", "school__soort")
    ):
        for key in (("stad", None), ("wijk", wijk), ("bestuur", bestuur)):
            for kind in ("", soort):
                sets.setdefault((*key, kind), set()).add(school_id)
    return sets


def collect(client, user):
    """figure -> set of schools: every mean the viewer can download, keyed by (round, column)."""
    figures = []  # (round id, column, frozenset of schools)
    for ronde in Scanronde.objects.for_user(user):
        sets = released_sets(ronde)
        for kind, tabel in itertools.product(KINDS, ("wijken", "besturen")):
            url = reverse(
                "zelfscan:resultaat_stad_export",
                kwargs={"pk": ronde.pk, "tabel": tabel, "formaat": "csv"},
            )
            header, *body = rows(client.get(url, {"soort": kind}))
            for row in body:
                schools = sets[(tabel[:-2] if tabel == "wijken" else "bestuur", row[0], kind)]
                for column, value in zip(header[3:], row[3:], strict=True):
                    if value:
                        figures.append((ronde.pk, column, frozenset(schools)))
        for scan in (
            Zelfscan.objects.for_user(user).filter(ronde=ronde).select_related("school__wijk")
        ):
            url = reverse(
                "zelfscan:resultaat_school_export",
                kwargs={"pk": scan.pk, "tabel": "groepen", "formaat": "csv"},
            )
            header, *body = rows(client.get(url))
            for row in body:
                wijk_mean, city_mean = row[6], row[7]
                if wijk_mean:
                    schools = sets.get(("wijk", scan.school.wijk.naam, ""), set())
                    figures.append((ronde.pk, row[0], frozenset(schools)))
                if city_mean:
                    figures.append((ronde.pk, row[0], frozenset(sets.get(("stad", None, "")))))
        for wijk in Wijk.objects.for_user(user).filter(swv=ronde.swv_id):
            url = reverse(
                "zelfscan:resultaat_wijk_export",
                kwargs={"pk": ronde.pk, "wijk": wijk.pk, "tabel": "trend", "formaat": "csv"},
            )
            header, *body = rows(client.get(url))
            for jaar, deze, stad in body:
                jaarronde = Scanronde.objects.get(swv=ronde.swv_id, schooljaar=jaar)
                jaarsets = released_sets(jaarronde)
                if deze:
                    schools = jaarsets.get(("wijk", wijk.naam, ""), set())
                    figures.append((jaarronde.pk, header[1] + "/gemiddelde", frozenset(schools)))
                if stad:
                    schools = jaarsets.get(("stad", None, ""), set())
                    figures.append((jaarronde.pk, header[1] + "/gemiddelde", frozenset(schools)))
    return set(figures)


def leaks(figures, known):
    found = []
    for ronde, column, schools in figures:
        if len(schools) < 3 or 0 < len(schools - known) < 3:
            found.append(("small", ronde, column, len(schools), len(schools - known)))
    by_column = {}
    for ronde, column, schools in figures:
        by_column.setdefault((ronde, column.split("/")[-1]), set()).add(schools)
    for (ronde, column), sets in by_column.items():
        for a, b in itertools.permutations(sets, 2):
            if b < a and 0 < len((a - b) - known) < 3:
                found.append(("difference", ronde, column, len(a), len(b)))
    return found


def test_no_viewer_outside_the_swv_can_derive_a_small_group(demo):
    checked = 0
    for username in VIEWERS:
        user = User.objects.get(username=username)
        client = Client()
        login(client, user)
        figures = collect(client, user)
        known = set(School.objects.for_user(user).values_list("pk", flat=True))
        assert leaks(figures, known) == [], username
        checked += len(figures)
    assert checked > 1000, "the check looked at real figures"


def test_a_whole_less_its_shown_parts_is_never_a_small_group():
    """All schools of a wijk less its bao and its vo schools is its one sbo school: one of
    the parts goes too (a sum of three figures, which the pairwise check above cannot see)."""
    from zelfscan.resultaten.rekenregels import verborgen_totalen

    bao, sbo, vo = {1, 2, 3, 4}, {5}, {6, 7, 8}
    groepen = {"alle": bao | sbo | vo, "bao": bao, "sbo": sbo, "vo": vo}
    verborgen = verborgen_totalen(
        groepen, bekend=frozenset(), indelingen=[("alle", ["bao", "sbo", "vo"])]
    )
    assert verborgen == {"sbo", "vo"}
    # The viewer's own school is no secret to them: it does not make a group small.
    assert (
        verborgen_totalen({"alle": bao | {9}, "bao": bao}, bekend=frozenset({9}), indelingen=[])
        == set()
    )
    assert verborgen_totalen(
        {"alle": bao | {9, 10}, "bao": bao}, bekend=frozenset({9}), indelingen=[]
    ) == {"bao"}
