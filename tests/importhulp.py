"""Helpers for the import tests: a header, files to upload, the upload and its confirmation, the
messages of a report, and the state an import must leave alone."""

import html
import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from zelfscan.models import Bestuur, Importbestand, Rol, School, User, Wijk

HEADER = "brin;vestigingsnummer;naam;bevoegd_gezag_nummer;wijk;soort;aantal_leerlingen;actief"


def csv_file(lines, name="scholen.csv"):
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode("utf-8"), "text/csv")


def xlsx_file(rows, name="scholen.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload(client, world, bestand, soort="scholen"):
    url = reverse("zelfscan:importeren", kwargs={"pk": world.swv1.pk, "soort": soort})
    return client.post(url, {"bestand": bestand})


def confirm(client, world, soort="scholen"):
    stored = Importbestand.objects.get(swv=world.swv1, soort=soort)
    url = reverse(
        "zelfscan:import_bevestigen",
        kwargs={"pk": world.swv1.pk, "soort": soort, "bestand": stored.pk},
    )
    return client.post(url)


def messages(response) -> list[str]:
    page = response.content.decode()
    found = re.findall(r"<div>(Regel \d+:[^<]*)</div>", page)
    return [html.unescape(re.sub(r"\s+", " ", m).strip()) for m in found]


def state():
    return (
        School.objects.count(),
        Bestuur.objects.count(),
        Wijk.objects.count(),
        User.objects.count(),
        Rol.objects.count(),
        sorted(School.objects.values_list("naam", flat=True)),
    )
