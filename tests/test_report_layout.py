"""Every report kind, made for the demo world and read back page by page with pdfplumber (where
each character and each line or box lies): nothing may lie outside the page's content area,
except the running header and footer in their bands, and nothing over them. A table too wide
for its page, a chart run past the footer, a cut-off column: each shows here as a position."""

import io

import pdfplumber
import pytest
from django.core.management import call_command

from zelfscan.models import Scanronde, User, Zelfscan
from zelfscan.rapporten import maken as rapporten
from zelfscan.resultaten.schoolpagina import SCHOOLPAGINA_RELATED

pytestmark = pytest.mark.django_db

MM = 72 / 25.4
# static/css/rapport.css: @page { margin: 22mm 16mm 20mm 16mm }
BOVEN, RECHTS, ONDER, LINKS = 22 * MM, 16 * MM, 20 * MM, 16 * MM
RUIMTE = 1.0  # points: rounding of positions
KOP_GROOTTE = 9.0  # the running header and footer are 8.5 pt


def _fouten(inhoud: bytes, naam: str) -> list[str]:
    fouten = []
    with pdfplumber.open(io.BytesIO(inhoud)) as pdf:
        for nummer, pagina in enumerate(pdf.pages, 1):
            w, h = pagina.width, pagina.height
            binnen = (LINKS - RUIMTE, BOVEN - RUIMTE, w - RECHTS + RUIMTE, h - ONDER + RUIMTE)

            def erin(x0, top, x1, bottom, vak=binnen):
                return x0 >= vak[0] and top >= vak[1] and x1 <= vak[2] and bottom <= vak[3]

            kop = (binnen[0], 0, binnen[2], BOVEN)
            voet = (binnen[0], h - ONDER, binnen[2], h)
            buiten = [
                c for c in pagina.chars
                if not erin(c["x0"], c["top"], c["x1"], c["bottom"])
                and not (c["size"] <= KOP_GROOTTE
                         and (erin(c["x0"], c["top"], c["x1"], c["bottom"], kop)
                              or erin(c["x0"], c["top"], c["x1"], c["bottom"], voet)))
            ]  # fmt: skip
            if buiten:
                tekst = "".join(c["text"] for c in buiten[:60])
                c = buiten[0]
                fouten.append(
                    f"{naam} p.{nummer}: {len(buiten)} characters outside the content area, "
                    f"from ({c['x0']:.0f}, {c['top']:.0f}) on a page of {w:.0f}×{h:.0f}: {tekst!r}"
                )
            getekend = [*pagina.rects, *pagina.lines, *pagina.curves]
            uit = [d for d in getekend if not erin(d["x0"], d["top"], d["x1"], d["bottom"])]
            if uit:
                d = uit[0]
                fouten.append(
                    f"{naam} p.{nummer}: {len(uit)} lines or shapes outside the content area, "
                    f"e.g. ({d['x0']:.0f}, {d['top']:.0f})–({d['x1']:.0f}, {d['bottom']:.0f})"
                )
    return fouten


@pytest.fixture
def demo(db):
    call_command("loaddata", "norm_anb_2024", verbosity=0)
    from zelfscan.demo import create_demo_data

    create_demo_data()
    bestuurder = User.objects.get(username="demo-bestuur")
    rondes = Scanronde.objects.select_related("normkader", "swv").filter(schooljaar="2025-2026")
    return bestuurder, rondes.get(swv__sector="po")


def test_every_report_kind_fits_its_pages(demo):
    bestuurder, ronde = demo
    scans = Zelfscan.objects.for_user(bestuurder).select_related(*SCHOOLPAGINA_RELATED)
    vrijgegeven = scans.filter(ronde=ronde, status="vrijgegeven").order_by("school__naam").first()
    # The demo IB-er's school: a concept with last year's scan, conversation and plan beside it.
    eigen = scans.filter(ronde=ronde, status="concept").order_by("school__naam").first()
    gemaakt = {
        "school (released)": rapporten.schoolrapport(user=bestuurder, scan=vrijgegeven),
        "school (concept)": rapporten.schoolrapport(user=bestuurder, scan=eigen),
        "bestuur": rapporten.bestuursrapport(
            user=bestuurder, ronde=ronde, bestuur=vrijgegeven.school.bestuur
        ),
        "wijk": rapporten.wijkrapport(user=bestuurder, ronde=ronde, wijk=vrijgegeven.school.wijk),
        "stad": rapporten.stadrapport(user=bestuurder, ronde=ronde),
    }
    # The VO partnership's: schools without a wijk, so tables without a wijk column.
    vo_bestuurder = User.objects.get(username="demo-vo-bestuur")
    vo_ronde = Scanronde.objects.get(swv__sector="vo", schooljaar="2025-2026")
    vo_scan = (
        Zelfscan.objects.for_user(vo_bestuurder)
        .select_related(*SCHOOLPAGINA_RELATED)
        .filter(ronde=vo_ronde, status="vrijgegeven")
        .order_by("school__naam")
        .first()
    )
    gemaakt |= {
        "school (vo)": rapporten.schoolrapport(user=vo_bestuurder, scan=vo_scan),
        "bestuur (vo)": rapporten.bestuursrapport(
            user=vo_bestuurder, ronde=vo_ronde, bestuur=vo_scan.school.bestuur
        ),
        "stad (vo)": rapporten.stadrapport(user=vo_bestuurder, ronde=vo_ronde),
    }
    fouten = [f for naam, rapport in gemaakt.items() for f in _fouten(rapport.inhoud, naam)]
    assert not fouten, f"{len(fouten)} faults:\n" + "\n".join(fouten)
