"""Every kind of report, made once for the demo world and shared by the tests that read them
(their layout, their kinds and contents): rendering them is the most expensive thing the suite
does with the demo (about 40 s for the eight)."""

from dataclasses import dataclass, field

from zelfscan.models import Scanronde, User, Zelfscan
from zelfscan.rapporten import maken as rapporten
from zelfscan.resultaten.schoolpagina import SCHOOLPAGINA_RELATED


@dataclass
class DemoRapporten:
    """The PDFs by kind, and the names they must carry."""

    pdf: dict[str, bytes] = field(default_factory=dict)
    school: str = ""  # the released school of the PO report
    bestuur: str = ""
    wijk: str = ""


def maak_demo_rapporten() -> DemoRapporten:
    """The demo board member's reports: a released school (the first by name) and the demo
    IB-er's school in concept (last year's scan, conversation and plan beside it), their board,
    the released school's wijk, the city; and the VO partnership's school, board and city,
    whose schools have no wijk."""
    bestuurder = User.objects.get(username="demo-bestuur")
    ronde = Scanronde.objects.select_related("normkader", "swv").get(
        swv__sector="po", schooljaar="2025-2026"
    )
    scans = Zelfscan.objects.for_user(bestuurder).select_related(*SCHOOLPAGINA_RELATED)
    vrijgegeven = scans.filter(ronde=ronde, status="vrijgegeven").order_by("school__naam").first()
    eigen = scans.filter(ronde=ronde, status="concept").order_by("school__naam").first()
    school = vrijgegeven.school
    pdf = {
        "school (released)": rapporten.schoolrapport(user=bestuurder, scan=vrijgegeven),
        "school (concept)": rapporten.schoolrapport(user=bestuurder, scan=eigen),
        "bestuur": rapporten.bestuursrapport(user=bestuurder, ronde=ronde, bestuur=school.bestuur),
        "wijk": rapporten.wijkrapport(user=bestuurder, ronde=ronde, wijk=school.wijk),
        "stad": rapporten.stadrapport(user=bestuurder, ronde=ronde),
    }
    vo_bestuurder = User.objects.get(username="demo-vo-bestuur")
    vo_ronde = Scanronde.objects.select_related("normkader", "swv").get(
        swv__sector="vo", schooljaar="2025-2026"
    )
    vo_scan = (
        Zelfscan.objects.for_user(vo_bestuurder)
        .select_related(*SCHOOLPAGINA_RELATED)
        .filter(ronde=vo_ronde, status="vrijgegeven")
        .order_by("school__naam")
        .first()
    )
    pdf |= {
        "school (vo)": rapporten.schoolrapport(user=vo_bestuurder, scan=vo_scan),
        "bestuur (vo)": rapporten.bestuursrapport(
            user=vo_bestuurder, ronde=vo_ronde, bestuur=vo_scan.school.bestuur
        ),
        "stad (vo)": rapporten.stadrapport(user=vo_bestuurder, ronde=vo_ronde),
    }
    return DemoRapporten(
        pdf={naam: rapport.inhoud for naam, rapport in pdf.items()},
        school=school.naam,
        bestuur=school.bestuur.naam,
        wijk=school.wijk.naam,
    )
