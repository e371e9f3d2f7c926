"""Every report kind, made once for the demo world (``demo_rapporten``, ``tests/rapporthulp.py``)
and read by the tests of this module, which run in one test process (``tests/conftest.py``,
``pytest_xdist_make_scheduler``): what each kind holds, and its layout, read back page by page
with PDFium (``tests/pdfhulp.py``: where each character and each drawn thing lies): nothing
may lie outside the page's content area, except the running header and footer in their bands,
and nothing over them. A table too wide for its page, a chart run past the footer, a cut-off
column, an image in the margin: each shows here as a position."""

import re

import pytest

from ijkpunten.models import Groep
from tests.pdfhulp import paginas
from tests.pdfhulp import tekst as pdftekst

pytestmark = pytest.mark.django_db

MM = 72 / 25.4
# static/css/rapport.css: @page { margin: 22mm 16mm 20mm 16mm }
BOVEN, RECHTS, ONDER, LINKS = 22 * MM, 16 * MM, 20 * MM, 16 * MM
RUIMTE = 1.0  # points: rounding of positions
KOP_GROOTTE = 9.0  # the running header and footer are 8.5 pt


def _fouten(inhoud: bytes, naam: str) -> list[str]:
    fouten = []
    for nummer, pagina in enumerate(paginas(inhoud), 1):
        w, h = pagina.breedte, pagina.hoogte
        binnen = (LINKS - RUIMTE, BOVEN - RUIMTE, w - RECHTS + RUIMTE, h - ONDER + RUIMTE)

        def erin(x0, top, x1, bottom, vak=binnen):
            return x0 >= vak[0] and top >= vak[1] and x1 <= vak[2] and bottom <= vak[3]

        kop = (binnen[0], 0, binnen[2], BOVEN)
        voet = (binnen[0], h - ONDER, binnen[2], h)
        buiten = [
            c for c in pagina.tekens
            if not erin(c.x0, c.top, c.x1, c.bottom)
            and not (c.grootte <= KOP_GROOTTE
                     and (erin(c.x0, c.top, c.x1, c.bottom, kop)
                          or erin(c.x0, c.top, c.x1, c.bottom, voet)))
        ]  # fmt: skip
        if buiten:
            tekst = "".join(c.tekst for c in buiten[:60])
            c = buiten[0]
            fouten.append(
                f"{naam} p.{nummer}: {len(buiten)} characters outside the content area, "
                f"from ({c.x0:.0f}, {c.top:.0f}) on a page of {w:.0f}×{h:.0f}: {tekst!r}"
            )
        uit = [d for d in pagina.vormen if not erin(*d)]
        if uit:
            d = uit[0]
            fouten.append(
                f"{naam} p.{nummer}: {len(uit)} lines or shapes outside the content area, "
                f"e.g. ({d[0]:.0f}, {d[1]:.0f})–({d[2]:.0f}, {d[3]:.0f})"
            )
    return fouten


def test_every_report_kind_fits_its_pages(demo_rapporten):
    fouten = [f for naam, inhoud in demo_rapporten.pdf.items() for f in _fouten(inhoud, naam)]
    assert len(demo_rapporten.pdf) == 8
    assert not fouten, f"{len(fouten)} faults:\n" + "\n".join(fouten)


def test_every_kind_of_report_renders_for_the_demo_data(demo_rapporten):
    """The reports of the demo world (made once, ``tests/rapporthulp.py``)."""
    ijkpunten = [re.sub(r"\s+", " ", n) for n in
                 Groep.objects.filter(soort="ijkpunt").values_list("naam", flat=True)]  # fmt: skip

    def tekst(naam):
        return pdftekst(demo_rapporten.pdf[naam])

    school, pages = tekst("school (released)")
    assert demo_rapporten.school in school and all(n in school for n in ijkpunten)
    assert 15 <= pages <= 40
    bestuur, pages = tekst("bestuur")
    assert demo_rapporten.school in bestuur and demo_rapporten.bestuur in bestuur and pages >= 4
    wijk, _ = tekst("wijk")
    assert demo_rapporten.wijk in wijk and "Dekkend netwerk" in wijk
    stad, _ = tekst("stad")
    assert "Wijken naast elkaar" in stad and "Trend over de rondes" in stad
    assert "Per groep: scholen die aan de norm voldoen" in stad

    # The VO partnership's city: no wijken, no theme 4 ("cluster 3 in het po").
    vo_stad, _ = tekst("stad (vo)")
    assert "Geen school van deze ronde hoort bij een wijk" in vo_stad
    assert "Ondersteuning bij moeilijk lerend" not in vo_stad
    assert "Ondersteuning bij moeilijk lerend" in stad
    vo_bestuur, _ = tekst("bestuur (vo)")
    assert "naast de stad" in vo_bestuur and "naast de wijk en de stad" not in vo_bestuur
