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
from zelfscan.team.overzicht import overzicht as team_overzicht


@dataclass(frozen=True)
class Rapport:
    inhoud: bytes
    bestandsnaam: str


def _html(template: str, context: dict, *, deel: bool = False, vervolg: bool = False) -> str:
    """Reports are Dutch whoever asks, as the application is. ``rapport``: the page's partials
    leave out what only a screen has (export links, scrolling regions, links). ``deel``: a
    part of a report made in parts, without page numbers; ``vervolg``: not its first part, so
    its first page has the running header too."""
    context = {"gemaakt_op": timezone.localtime(), **context, "rapport": True, "deel": deel,
               "vervolg": vervolg}  # fmt: skip
    with translation.override("nl"):
        return render_to_string(template, context)


def _render(template: str, context: dict, **kwargs) -> bytes:
    return pdf.html_naar_pdf(_html(template, context, **kwargs))


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
        "team": team_overzicht(scan, opbouw),
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
    part as the workers make it in the background (``achtergrond.py``), its schools as one
    part, from one read of the board's data (a fixed number of queries for any number of
    schools)."""
    gemaakt_op = timezone.localtime()
    pagina = paginas.bestuurspagina(user, ronde, bestuur, soort)
    scholen = schoolsamenvattingen(user, ronde, pagina.rijen, pagina.groepen)
    delen = [_overzichtsdeel(pagina, gemaakt_op)]
    if scholen:  # (a board none of whose scans the person sees: no empty page)
        delen.append(_scholendeel(scholen, ronde, bestuur, gemaakt_op))
    return voeg_bestuursrapport_samen(ronde=ronde, bestuur=bestuur, soort=soort,
                                      gemaakt_op=gemaakt_op, delen=delen)  # fmt: skip


# --- a board report in parts: the overview of its schools and its schools a few to a part,
# each a PDF without page numbers, which ``voeg_bestuursrapport_samen`` puts behind a cover
# with the contents and numbers through (``samenvoegen.py``). Apart, several workers make it
# at once.

# Schools per part in the background: enough parts for a few workers to share (30 schools,
# 8 parts), few enough that what each part costs on its own (a document to set up, its fonts,
# its place in the merge) stays small beside its pages (README, "PDF reports").
SCHOLEN_PER_DEEL = 4


@dataclass(frozen=True)
class Deel:
    """A made part: its PDF, and its lines in the contents (title, first page in the part)."""

    inhoud: bytes
    kopjes: list[tuple[str, int]]


def bestuursscans(*, user, ronde: Scanronde, bestuur: Bestuur, soort: str = "") -> list[Zelfscan]:
    """The scans of the board report, in its order."""
    return list(
        van_soort(
            Zelfscan.objects.for_user(user).filter(ronde=ronde, school__bestuur=bestuur),
            schoolsoort(soort),
        )
        .select_related("school")
        .order_by("school__naam", "school__pk")  # the heatmap's order (bouwstenen.heatmap)
    )


def bestuursdeel(
    *, user, ronde: Scanronde, bestuur: Bestuur, soort: str, scans: list[int], gemaakt_op
) -> Deel | None:
    """One part, as the user sees the data now: the overview (no ``scans``) or those
    schools' pages; None when the user no longer sees one of the scans."""
    if not scans:
        return _overzichtsdeel(paginas.bestuurspagina(user, ronde, bestuur, soort), gemaakt_op)
    kader = Kader.van(user, ronde, soort)
    zichtbaar = van_soort(
        Zelfscan.objects.for_user(user).filter(pk__in=scans, ronde=ronde, school__bestuur=bestuur),
        kader.soort,
    )
    rijen = heatmap(kader, zichtbaar)
    if len(rijen) != len(scans):
        return None
    scholen = schoolsamenvattingen(user, ronde, rijen, kader.groepen)
    return _scholendeel(scholen, ronde, bestuur, gemaakt_op)


def _overzichtsdeel(pagina: paginas.Bestuurspagina, gemaakt_op) -> Deel:
    context = {**pagina.context(), "onderwerp": pagina.titel, "gemaakt_op": gemaakt_op}
    inhoud = _render("rapporten/bestuur_overzicht.html", context, deel=True, vervolg=True)
    with translation.override("nl"):
        return Deel(inhoud, [(_("The schools side by side"), 0)])


def _scholendeel(scholen: list[Schoolsamenvatting], ronde, bestuur, gemaakt_op) -> Deel:
    context = {"scholen": scholen, "ronde": ronde, "onderwerp": bestuur.naam,
               "gemaakt_op": gemaakt_op}  # fmt: skip
    html = _html("rapporten/bestuur_scholen.html", context, deel=True, vervolg=True)
    inhoud, ankers = pdf.html_naar_pdf_met_ankers(html)
    return Deel(inhoud, [(s.scan.school.naam, ankers[f"school-{s.scan.pk}"]) for s in scholen])


def voeg_bestuursrapport_samen(
    *, ronde: Scanronde, bestuur: Bestuur, soort: str, gemaakt_op, delen: list[Deel]
) -> Rapport:
    """The cover and the contents, then the parts in order, numbered through. The contents
    give the first page of the overview and of each school, so the cover is made until its
    own length is known: twice, or a third time if the true numbers made it longer."""
    lengtes = [samenvoegen.paginas(d.inhoud) for d in delen]
    context = {"ronde": ronde, "titel": bestuur.naam, "onderwerp": bestuur.naam,
               "soort": schoolsoort(soort), "gemaakt_op": gemaakt_op,
               "aantal_scholen": sum(len(d.kopjes) for d in delen[1:])}  # fmt: skip

    def inhoud(eerste_pagina: int) -> list[tuple[str, int]]:
        regels, begin = [], eerste_pagina
        for deel, lengte in zip(delen, lengtes, strict=True):
            regels += [(titel, begin + pagina) for titel, pagina in deel.kopjes]
            begin += lengte
        return regels

    def voorkant(eerste_pagina: int) -> bytes:
        context["inhoud"] = inhoud(eerste_pagina)
        return _render("rapporten/bestuur.html", context, deel=True)

    eigen = samenvoegen.paginas(voorkant(10**4))  # numbers as wide as any real one
    for _poging in range(3):
        gemaakt = voorkant(eigen + 1)
        if (lengte := samenvoegen.paginas(gemaakt)) == eigen:
            break
        eigen = lengte
    # The bookmarks: the contents' lines, at their pages in the merged file (from 0).
    bladwijzers = [(titel, pagina - 1) for titel, pagina in inhoud(eigen + 1)]
    naam = "-".join(d for d in ["bestuur", ronde.schooljaar, slugify(bestuur.naam),
                                schoolsoort(soort)] if d)  # fmt: skip
    pdf_inhoud = samenvoegen.voeg_samen(gemaakt, [d.inhoud for d in delen], bladwijzers)
    return Rapport(pdf_inhoud, f"{naam}.pdf")


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
