"""Helpers for tests of the scan."""

import re
import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ijkpunten.models import Item
from zelfscan.models import Antwoord, Historie
from zelfscan.resultaten import samenvatting
from zelfscan.scans.structuur import structuur


def item(code, groep="ijkpunt-4"):
    """An item of the norm the tests' world uses, by its group and code."""
    return Item.objects.get(groep__normkader__code="anb-2024", groep__code=groep, code=code)


def autosave(client, scan, *, soort="item", ident, versie=0, wijziging=None, **fields):
    data = {"soort": soort, "id": ident, "versie": versie,
            "wijziging": str(wijziging or uuid.uuid4()), **fields}  # fmt: skip
    return client.post(reverse("zelfscan:autosave", kwargs={"pk": scan.pk}), data)


def fill_all(scan, score=3, leave_open=0):
    """Answer every applicable item (test set-up, straight into the table, then the summary
    counted again as a bulk write does)."""
    items = list(structuur(scan).items.values())
    keep = items[: len(items) - leave_open]
    Antwoord.objects.bulk_create(Antwoord(scan=scan, item=i, score=score, versie=1) for i in keep)
    samenvatting.herbereken(scan=scan)
    return items[len(items) - leave_open :]


def history(scan, item=None):
    qs = Historie.objects.filter(scan=scan)
    return qs.filter(onderwerp=f"item:{item.pk}") if item else qs


def queries(client, url) -> int:
    """How many queries a GET of ``url`` runs (it must answer 200)."""
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def zonder_token(html: bytes) -> bytes:
    """A page without its CSRF token, which is masked anew on every page: to compare two."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)
