"""HTML to PDF with WeasyPrint, behind one small function.

WeasyPrint only ever reads what the application serves itself: the fetcher below answers the
application's own static files and refuses everything else (``file://``, other hosts, the
network), so a note or a name in a report cannot make the renderer read a file from the server
or reach an address inside the network. WeasyPrint is imported when a report is made, not when
the application starts.
"""

import logging
import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

logger = logging.getLogger(__name__)

# The origin reports are rendered against; it exists nowhere, so nothing can be fetched from
# it except what the fetcher serves from the static files.
BASIS_URL = "https://rapport.zelfscan.invalid/"


class Geweigerd(ValueError):
    """A resource the report may not load (WeasyPrint leaves it out and goes on)."""


def _static_pad(url: str) -> str | None:
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != BASIS_URL:
        return None
    prefix = urlsplit(settings.STATIC_URL).path
    if not parts.path.startswith(prefix):
        return None
    naam = unquote(parts.path[len(prefix) :])
    if not naam or ".." in naam.split("/"):
        return None
    if staticfiles_storage.exists(naam):
        return staticfiles_storage.path(naam)
    return finders.find(naam)


def _fetcher_class():
    from weasyprint import URLFetcher
    from weasyprint.urls import URLFetcherResponse

    class AlleenEigenBestanden(URLFetcher):
        def fetch(self, url, headers=None):
            pad = _static_pad(url)
            if pad is None:
                logger.warning("Rapport: bron geweigerd: %s", url[:200])
                raise Geweigerd(f"Niet toegestaan in een rapport: {url[:200]}")
            with open(pad, "rb") as bestand:
                inhoud = bestand.read()
            soort = mimetypes.guess_type(pad)[0] or "application/octet-stream"
            return URLFetcherResponse(url, inhoud, {"Content-Type": soort})

    return AlleenEigenBestanden


def fetcher():
    return _fetcher_class()()


def _document(html: str):
    from weasyprint import HTML

    return HTML(string=html, base_url=BASIS_URL, url_fetcher=fetcher())


def html_naar_pdf(html: str, *, getagd: bool = True) -> bytes:
    """A tagged PDF (PDF/UA-1) of ``html``, whose links to static files are relative to
    BASIS_URL (use ``{% static %}``). ``getagd=False``: without tags, for what is laid over a
    tagged page as an artifact (``samenvoegen.py``)."""
    return _document(html).write_pdf(pdf_variant="pdf/ua-1" if getagd else None)


def html_naar_pdf_met_ankers(html: str) -> tuple[bytes, dict[str, int]]:
    """``html_naar_pdf``, and the page (from 0) each element with an id starts on."""
    document = _document(html).render()
    ankers = {}
    for nummer, pagina in enumerate(document.pages):
        for anker in pagina.anchors:
            ankers.setdefault(anker, nummer)
    return document.write_pdf(pdf_variant="pdf/ua-1"), ankers
