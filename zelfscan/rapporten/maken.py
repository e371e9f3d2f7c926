"""The PDF reports: a service, not a view. Each report is made for one user from the same page
data as its results page (``zelfscan/resultaten/paginas.py``, ``schoolpagina.py``), given the
round, scan, bestuur or wijk as found for that user, so it shows what that user may see and
the numbers of the page, rendered in Dutch with the print stylesheet ``static/css/rapport.css``.

A report says what it is a picture of: the round, the scan's state and how many changes it
holds, and the moment it was made. It is made when asked; nothing is kept, so a later change
shows in the next report and never in an old file.
"""

from dataclasses import dataclass

from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from zelfscan.models import (
    Ambitie,
    Bestuur,
    Gesprek,
    Historie,
    Notitie,
    Ontwikkelpunt,
    Opmerking,
    Scanronde,
    Trajectstap,
    Wijk,
    Zelfscan,
)
from zelfscan.rapporten import pdf, samenvoegen
from zelfscan.resultaten import paginas
from zelfscan.resultaten.bouwstenen import Kader, heatmap, schoolsoort, van_soort
from zelfscan.resultaten.schoolpagina import (
    Schoolpagina,
    Schoolsamenvatting,
    schoolpagina,
    schoolsamenvattingen,
)
from zelfscan.scans.structuur import structuur


@dataclass(frozen=True)
class Rapport:
    inhoud: bytes
    bestandsnaam: str


def _render(template: str, context: dict, *, deel: bool = False, vervolg: bool = False) -> bytes:
    """Reports are Dutch whoever asks, as the application is. ``rapport``: the page's partials
    leave out what only a screen has (export links, scrolling regions, links). ``deel``: a
    part of a report made in parts, without page numbers; ``vervolg``: not its first part, so
    its first page has the running header too."""
    context = {"gemaakt_op": timezone.localtime(), **context, "rapport": True, "deel": deel,
               "vervolg": vervolg}  # fmt: skip
    with translation.override("nl"):
        html = render_to_string(template, context)
    return pdf.html_naar_pdf(html)


def _schoolonderdelen(pagina: Schoolpagina, user) -> dict:
    """What the school report adds to its page: per group the items with scores and notes,
    the ambitions, the consultant's comments, and how many changes the scan holds."""
    scan = pagina.scan
    opbouw = structuur(scan)
    toegepast = set(opbouw.items)
    groepen = []
    for deel in opbouw.delen:
        for groep in deel.groepen:
            items = [
                (item, opbouw.antwoorden.get(item.pk)) for item in deel.items_van(groep, toegepast)
            ]
            groepen.append((groep, items))
    wijzigingen = Historie.objects.filter(scan=scan).aggregate(aantal=Count("pk"), laatst=Max("op"))
    return {
        "groepen_met_items": groepen,
        "uitslagen": pagina.rij.uitslagen,
        "ambities": Ambitie.objects.filter(scan=scan)
        .select_related("thema")
        .order_by("thema__nummer"),
        "opmerkingen": Opmerking.objects.filter(scan=scan).select_related("door"),
        "wijzigingen": wijzigingen,
        "schaal": scan.ronde.normkader.schaal.order_by("waarde"),
        "gesprekken": Gesprek.objects.for_user(user).filter(scan=scan),
        "notities": Notitie.objects.filter(
            ontwikkelpunt__in=Ontwikkelpunt.objects.for_user(user).filter(school=scan.school_id)
        ).select_related("door"),
        "trajectstappen": Trajectstap.objects.for_user(user).filter(school=scan.school_id),
    }


def schoolrapport(*, user, scan: Zelfscan) -> Rapport:
    """``scan`` as ``Zelfscan.objects.for_user(user)`` finds it."""
    pagina = schoolpagina(user, scan)
    context = {**pagina.context(), **_schoolonderdelen(pagina, user),
               "onderwerp": scan.school.naam,
               "voldoende_groepen": sum(1 for r in pagina.regels if r.uitslag.voldoet)}  # fmt: skip
    naam = (
        f"zelfscan-{scan.ronde.schooljaar}-{scan.school.brin_volledig}-{slugify(scan.school.naam)}"
    )
    return Rapport(_render("rapporten/school.html", context), f"{naam}.pdf")


# --- schools side by side


def _bestandsnaam(pagina: paginas.Resultaatpagina, voorvoegsel: str, onderwerp: str) -> str:
    delen = [voorvoegsel, pagina.ronde.schooljaar, slugify(onderwerp), pagina.soort]
    return "-".join(d for d in delen if d) + ".pdf"


def _rapport(template: str, pagina: paginas.Resultaatpagina, bestandsnaam: str, **extra):
    return Rapport(_render(template, {**pagina.context(), **extra}), bestandsnaam)


def bestuursrapport(*, user, ronde: Scanronde, bestuur: Bestuur, soort: str = "") -> Rapport:
    """``ronde`` and ``bestuur`` as their ``for_user(user)`` finds them. Made here part after
    part, as the workers make it in the background (``achtergrond.py``), from one read of the
    board's data (a fixed number of queries for any number of schools)."""
    gemaakt_op = timezone.localtime()
    pagina = paginas.bestuurspagina(user, ronde, bestuur, soort)
    delen = [(overzichtstitel(), _overzichtsdeel(pagina, gemaakt_op))]
    for s in schoolsamenvattingen(user, ronde, pagina.rijen, pagina.groepen):
        delen.append((s.scan.school.naam, _schooldeel(s, ronde, bestuur, gemaakt_op)))
    return voeg_bestuursrapport_samen(ronde=ronde, bestuur=bestuur, soort=soort,
                                      gemaakt_op=gemaakt_op, delen=delen)  # fmt: skip


# --- a board report in parts: the overview of its schools and a part per school, each a PDF
# without page numbers, which ``voeg_bestuursrapport_samen`` puts behind a cover with the
# contents and numbers through (``samenvoegen.py``). Apart, several workers make it at once.


def bestuursscans(*, user, ronde: Scanronde, bestuur: Bestuur, soort: str = "") -> list[Zelfscan]:
    """The scans of the board report, in its order: a part each."""
    return list(
        van_soort(
            Zelfscan.objects.for_user(user).filter(ronde=ronde, school__bestuur=bestuur),
            schoolsoort(soort),
        )
        .select_related("school")
        .order_by("school__naam", "school__pk")  # the heatmap's order (bouwstenen.heatmap)
    )


def bestuursdeel(
    *, user, ronde: Scanronde, bestuur: Bestuur, soort: str, scan_id: int | None, gemaakt_op
) -> bytes | None:
    """One part, as the user sees the data now: the overview (``scan_id`` None) or one
    school's; None when the user no longer sees that school's scan."""
    if scan_id is None:
        return _overzichtsdeel(paginas.bestuurspagina(user, ronde, bestuur, soort), gemaakt_op)
    kader = Kader.van(user, ronde, soort)
    scans = van_soort(
        Zelfscan.objects.for_user(user).filter(pk=scan_id, ronde=ronde, school__bestuur=bestuur),
        kader.soort,
    )
    rijen = heatmap(kader, scans)
    if not rijen:
        return None
    (samenvatting,) = schoolsamenvattingen(user, ronde, rijen, kader.groepen)
    return _schooldeel(samenvatting, ronde, bestuur, gemaakt_op)


def overzichtstitel() -> str:
    with translation.override("nl"):
        return _("The schools side by side")


def _overzichtsdeel(pagina: paginas.Bestuurspagina, gemaakt_op) -> bytes:
    context = {**pagina.context(), "onderwerp": pagina.titel, "gemaakt_op": gemaakt_op}
    return _render("rapporten/bestuur_overzicht.html", context, deel=True, vervolg=True)


def _schooldeel(s: Schoolsamenvatting, ronde, bestuur, gemaakt_op) -> bytes:
    context = {"s": s, "ronde": ronde, "onderwerp": bestuur.naam, "gemaakt_op": gemaakt_op}
    return _render("rapporten/bestuur_school.html", context, deel=True, vervolg=True)


def voeg_bestuursrapport_samen(
    *, ronde: Scanronde, bestuur: Bestuur, soort: str, gemaakt_op, delen: list[tuple[str, bytes]]
) -> Rapport:
    """The cover and the contents, then ``delen`` (title, PDF) in order, numbered through.
    The contents give each part's first page, so the cover is made until its own length is
    known: twice, or a third time if the true numbers made it longer."""
    lengtes = [samenvoegen.paginas(inhoud) for _titel, inhoud in delen]
    context = {"ronde": ronde, "titel": bestuur.naam, "onderwerp": bestuur.naam,
               "soort": schoolsoort(soort), "aantal_scholen": len(delen) - 1,
               "gemaakt_op": gemaakt_op}  # fmt: skip

    def voorkant(eerste_pagina: int) -> bytes:
        inhoud, pagina = [], eerste_pagina
        for (titel, _inhoud), lengte in zip(delen, lengtes, strict=True):
            inhoud.append((titel, pagina))
            pagina += lengte
        return _render("rapporten/bestuur.html", {**context, "inhoud": inhoud}, deel=True)

    eigen = samenvoegen.paginas(voorkant(10**4))  # numbers as wide as any real one
    for _poging in range(3):
        gemaakt = voorkant(eigen + 1)
        if (lengte := samenvoegen.paginas(gemaakt)) == eigen:
            break
        eigen = lengte
    pdf_delen = [samenvoegen.Deel(inhoud, titel) for titel, inhoud in delen]
    naam = "-".join(d for d in ["bestuur", ronde.schooljaar, slugify(bestuur.naam),
                                schoolsoort(soort)] if d)  # fmt: skip
    return Rapport(samenvoegen.voeg_samen(gemaakt, pdf_delen), f"{naam}.pdf")


def wijkrapport(*, user, ronde: Scanronde, wijk: Wijk, soort: str = "") -> Rapport:
    pagina = paginas.wijkpagina(user, ronde, wijk, soort)
    return _rapport(
        "rapporten/wijk.html", pagina, _bestandsnaam(pagina, "wijk", pagina.titel),
        onderwerp=f"Wijk {pagina.titel}",
    )  # fmt: skip


def stadrapport(*, user, ronde: Scanronde, soort: str = "") -> Rapport:
    pagina = paginas.stadspagina(user, ronde, soort)
    return _rapport("rapporten/stad.html", pagina, _bestandsnaam(pagina, "stad", ronde.swv.code),
                    onderwerp=pagina.titel)  # fmt: skip


# --- in the background: a board report of many schools (``achtergrond.py``)


# A board report is made while the user waits up to this many schools; a larger one in the
# background (measured: about 0.4 s and 10 MB per school, README "PDF reports").
DIRECT_TOT_EN_MET = 4
