"""Filling in, reviewing and moving a scan along. Every scan comes through ``for_user``
(out of scope: 404); what a person may do with it is asked of ``Rechten`` (not allowed: 403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from ijkpunten.selectors import begrip_markering
from zelfscan.access.rights import OVERGANGEN, TERUG, Rechten
from zelfscan.forms import (
    BevestigForm,
    DeelForm,
    KengetallenForm,
    OpmerkingForm,
    OvergangForm,
    eerste_fout,
)
from zelfscan.models import (
    Ambitie,
    Kengetallen,
    Opmerking,
    Signaalantwoord,
    Zelfscan,
)
from zelfscan.scans import antwoorden as answers
from zelfscan.scans import bewijs, historie, workflow
from zelfscan.scans.structuur import structuur, toegestaan
from zelfscan.scans.vorig_jaar import open_ontwikkelpunten, vorige_antwoorden
from zelfscan.team.teamoordeel import minimum as team_minimum
from zelfscan.team.teamoordeel import teamoordelen
from zelfscan.vervolg.consulentoordeel import Oordelen, verschilt


def get_scan_for_user(user, pk, *, related=("school__bestuur", "school__wijk")) -> Zelfscan:
    return get_object_or_404(
        Zelfscan.objects.for_user(user).select_related("ronde__normkader", "school", *related),
        pk=pk,
    )


def _context(request, scan):
    rechten = Rechten.voor(request.user, scan)
    return {
        "scan": scan,
        "rechten": rechten,
        "kan_invullen": rechten.mag_invullen(scan),
        "kan_opmerken": rechten.mag_opmerken(scan),
    }


def _autosave_teksten():
    return {
        "bezig": _("Saving…"),
        "opgeslagen": _("Saved"),
        "mislukt": _("Not saved — retrying."),
        "opnieuw": _("Try again now"),
        "fout": _("Not saved."),
        "nu": _("Saved now"),
        "leeg": _("nothing"),
        "ja": _("yes"),
        "overnemen": _("Use the saved value"),
        "overgenomen": _("The saved value is shown; change it if needed."),
        "voortgang": _("%(a)s of %(b)s answered."),
        "velden": {"score": _("score"), "nvt": _("n.v.t."), "toelichting": _("explanation"),
                   "aangevinkt": _("ticked"), "niveau": _("ambition"), "expertise": _("expertise"),
                   "teamreden": _("reason")},
    }  # fmt: skip


@require_safe
@login_required
def scan(request, pk):
    scan = get_scan_for_user(request.user, pk)
    return render(request, "zelfscan/scan.html", _overzicht_context(request, scan))


def _overzicht_context(request, scan, fout: str | None = None) -> dict:
    opbouw = structuur(scan)
    context = _context(request, scan)
    context.update(
        opbouw=opbouw,
        onderdelen=opbouw.onderdelen(),
        totaal=opbouw.totaal(),
        open_items=opbouw.open_items(),
        onbevestigd=sum(1 for a in opbouw.antwoorden.values() if a.uit_vorige_scan),
        overgangen=scan.overgangen.select_related("door"),
        kan=_mogelijke_overgangen(context["rechten"], scan),
        fout=fout,
        ziet_consulentoordeel=context["rechten"].ziet_consulentoordeel(scan),
        kan_consulentoordeel=context["rechten"].mag_consulentoordeel(scan),
        eerste_pagina=next((d for d in opbouw.delen if not d.is_kengetallen), None),
    )
    return context


def _mogelijke_overgangen(rechten, scan):
    return [
        {"naar": naar, "label": Zelfscan.Status(naar).label, "terug": (van, naar) in TERUG}
        for (van, naar) in OVERGANGEN
        if van == scan.status and rechten.mag_overgang(scan, naar)
    ]


def _team(scan, antwoorden) -> dict:
    """The team's view beside each item, and the items where the school's score differs
    from it (their reason field is open)."""
    oordelen = teamoordelen(scan)
    return {
        "teamoordelen": oordelen,
        "team_afwijkend": {
            pk for pk, o in oordelen.items() if (a := antwoorden.get(pk)) and o.wijkt_af(a.score)
        },
    }


def _consulent(request, scan, rechten, antwoorden) -> dict:
    """What the consulent saw, beside the items and groups, for whoever may see it (the
    school after the conversation), and where it differs a point or more."""
    oordelen = Oordelen.van(scan, request.user)
    return {
        "ziet_consulentoordeel": rechten.ziet_consulentoordeel(scan),
        "kan_consulentoordeel": rechten.mag_consulentoordeel(scan),
        "consulentoordelen": oordelen,
        "consulent_verschilt": {
            pk: True
            for pk, o in oordelen.items.items()
            if (a := antwoorden.get(pk)) and verschilt(a.score, o.score)
        },
    }


def _part_context(request, scan, deel_sleutel, opbouw=None):
    opbouw = opbouw or structuur(scan)
    deel = opbouw.deel(deel_sleutel)
    if deel is None:
        raise Http404
    context = _context(request, scan)
    van_toepassing = set(opbouw.items)
    open_items = opbouw.open_items(deel)
    open_ids = {item.pk for _d, item in open_items}
    # "Alleen open items" (issue 14): the page shows only what is still to answer, without
    # JavaScript too; the script hides the rest in place.
    alleen_open = request.GET.get("open") == "1" or bool(request.POST.get("open"))
    groepen = [
        (g, [i for i in deel.items_van(g, van_toepassing) if not alleen_open or i.pk in open_ids])
        for g in deel.groepen
    ]
    getoond = [i for _g, items in groepen for i in items]
    signaal_ids = [s.pk for g in deel.groepen for s in g.risicosignalen.all()]
    onderdeel = opbouw.onderdeel(deel.onderdeel)
    paginas = [d for d, _a, _n in onderdeel.delen]
    plek = paginas.index(deel)
    # Where the scan goes on after this page: the next page with something open, in the
    # scan's order, then from its start.
    hier = opbouw.delen.index(deel)
    verder = opbouw.eerste_open(opbouw.delen[hier + 1 :]) or opbouw.eerste_open(opbouw.delen[:hier])
    gedaan, van = opbouw.voortgang(deel)
    schaal = list(scan.ronde.normkader.schaal.values_list("waarde", "kort"))
    context.update(
        opbouw=opbouw,
        deel=deel,
        groepen=groepen,
        alleen_open=alleen_open,
        onderdeel=onderdeel,
        onderdeel_plek=plek + 1,
        vorige_pagina=paginas[plek - 1] if plek > 0 else None,
        volgende_pagina=paginas[plek + 1] if plek + 1 < len(paginas) else None,
        # The next open item after each shown item: on this page, else where the scan goes on.
        volgend_open=_volgend_open(getoond, open_ids),
        verder=verder,
        vorig_jaar=vorige_antwoorden(request.user, scan, getoond),
        # Answered items not on the page (the filter): the script's count starts from them.
        elders_gedaan=gedaan
        - sum(1 for i in getoond if (a := opbouw.antwoorden.get(i.pk)) and a.beantwoord),
        antwoorden=opbouw.antwoorden,
        signalen={
            s.signaal_id: s
            for s in Signaalantwoord.objects.filter(scan=scan, signaal_id__in=signaal_ids)
        },
        ambities={a.thema_id: a for a in Ambitie.objects.filter(scan=scan)}
        if deel.is_thema
        else {},
        opmerkingen=list(_opmerkingen(scan, deel)),
        voortgang=(gedaan, van),
        open_items=open_items,
        niveaus=Ambitie.Niveau.choices,
        expertises=Ambitie.Expertise.choices,
        schaal=schaal,
        schaal_kort=dict(schaal),
        markering=begrip_markering(scan.ronde.normkader),
        autosave_teksten=_autosave_teksten(),
        team_minimum=team_minimum(),
        **_team(scan, opbouw.antwoorden),
        **_consulent(request, scan, context["rechten"], opbouw.antwoorden),
        bewijs_per_item=bewijs.per_item(scan),
        bewijs_aanbod=bewijs.van_vorige_ronde(request.user, scan, getoond),
        **open_ontwikkelpunten(scan, deel, van_toepassing),
    )
    # What the consulent wrote since this person's last visit is marked new, once.
    context["nieuwe_opmerkingen"] = (
        workflow.mark_read(opmerkingen=context["opmerkingen"], door=request.user)
        if context["opmerkingen"]
        else set()
    )
    if deel.is_kengetallen:
        kengetallen, _created = Kengetallen.objects.get_or_create(scan=scan)
        context["kengetallen"] = kengetallen
        context["form"] = KengetallenForm(
            instance=kengetallen, initial={"versie": kengetallen.versie}
        )
    return context


@login_required
def scan_deel(request, pk, deel):
    scan = get_scan_for_user(request.user, pk)
    opbouw = structuur(scan)
    if request.method == "GET" and (eerste := _eerste_pagina(opbouw, deel)) is not None:
        # A part of several pages ("ijkpunten", as a bookmark or in a comment's link): its
        # first page with something open.
        return redirect("zelfscan:scan_deel", pk=scan.pk, deel=eerste.sleutel)
    context = _part_context(request, scan, deel, opbouw)
    if request.method == "POST":
        # The save button of a page: what works with JavaScript off.
        try:
            answers.check_may_fill(context["rechten"], scan)
        except answers.AlleenLezen as refusal:
            messages.error(request, refusal.message)
            return render(request, "zelfscan/scan_deel.html", context, status=403)
        invoer = _deel_form(request.POST, context, alleen_getoond=bool(request.POST.get("open")))
        problemen = invoer.fouten() | answers.save_page(
            scan=scan, door=request.user, bevestigd=invoer.bevestigd(), asked=toegestaan(scan),
            wijzigingen=[
                answers.Wijziging(soort=soort, ident=ident, waarden=form.waarden(),
                                  basisversie=form.cleaned_data["versie"])
                for soort, ident, form in invoer.geldig()
            ],
        )  # fmt: skip
        if not problemen:
            messages.success(request, _("Saved."))
            url = reverse("zelfscan:scan_deel", kwargs={"pk": scan.pk, "deel": deel})
            return redirect(url + ("?open=1" if request.POST.get("open") else ""))
        context = _part_context(request, scan, deel)
        # An item's beside it; a signal's, ambition's or the kengetallen's above the page.
        context["problemen"] = {i: m for (soort, i), m in problemen.items() if soort == "item"}
        context["andere_problemen"] = [m for (soort, _i), m in problemen.items() if soort != "item"]
        if invoer.kengetallen is not None and not invoer.kengetallen.is_valid():
            context["form"] = invoer.kengetallen
        return render(request, "zelfscan/scan_deel.html", context, status=400)
    return render(request, "zelfscan/scan_deel.html", context)


def _volgend_open(getoond, open_ids) -> dict[int, int]:
    """{item id: the next open item shown after it}."""
    volgend, laatste = {}, None
    for item in reversed(getoond):
        if laatste is not None:
            volgend[item.pk] = laatste
        if item.pk in open_ids:
            laatste = item.pk
    return volgend


def _eerste_pagina(opbouw, sleutel):
    """For a part of several pages named as a page: the page to open."""
    if opbouw.deel(sleutel) is not None:
        return None
    onderdeel = opbouw.onderdeel(sleutel)
    return onderdeel.eerste if onderdeel else None


def _deel_form(post, context, *, alleen_getoond: bool) -> DeelForm:
    deel = context["deel"]
    items = [item.pk for item in deel.items]
    if alleen_getoond:
        # The page showed only its open items: the others were not on it, so they are not
        # changed (a missing field is not an emptied one).
        items = [pk for pk in items if f"versie-{pk}" in post]
    return DeelForm(
        post,
        items=items,
        signalen=[s.pk for groep, _items in context["groepen"] for s in groep.risicosignalen.all()],
        themas=[groep.pk for groep, _items in context["groepen"]] if deel.is_thema else [],
        kengetallen=deel.is_kengetallen,
    )


@require_POST
@login_required
def scan_overgang(request, pk):
    scan = get_scan_for_user(request.user, pk)
    form = OvergangForm(request.POST)
    if not form.is_valid():
        if "naar" in form.errors:
            raise Http404  # not a state of a scan
        context = _overzicht_context(request, scan, fout=eerste_fout(form))
        return render(request, "zelfscan/scan.html", context, status=400)
    naar = form.cleaned_data["naar"]
    missing = structuur(scan).open_items() if naar == Zelfscan.Status.INGEDIEND else None
    try:
        workflow.transition(
            scan=scan, naar=naar, door=request.user, reden=form.cleaned_data["reden"],
            missing=missing,
        )  # fmt: skip
    except answers.Weigering as refusal:
        context = _overzicht_context(request, scan, fout=refusal.message)
        return render(request, "zelfscan/scan.html", context, status=refusal.status)
    messages.success(
        request, _("The scan is now %(status)s.") % {"status": Zelfscan.Status(naar).label}
    )
    return redirect("zelfscan:scan", pk=scan.pk)


def _opmerkingen(scan, deel):
    return Opmerking.objects.filter(
        scan=scan, onderdeel__in=deel.opmerking_sleutels
    ).select_related("door")


def _opmerkingen_context(request, scan, deel, fout=None) -> dict:
    return {
        "scan": scan,
        "deel_sleutel": deel.sleutel,
        "fout": fout,
        "opmerkingen": _opmerkingen(scan, deel),
        "kan_opmerken": Rechten.voor(request.user, scan).mag_opmerken(scan),
    }


@require_POST
@login_required
def scan_opmerking(request, pk, deel):
    """A consulent's comment on a part; with htmx the comments panel is swapped in place."""
    scan = get_scan_for_user(request.user, pk)
    if (pagina := structuur(scan).deel(deel)) is None:
        raise Http404
    htmx = bool(request.headers.get("HX-Request"))
    form = OpmerkingForm(request.POST)
    try:
        if not form.is_valid():
            raise answers.Weigering(eerste_fout(form))
        workflow.add_comment(
            scan=scan, onderdeel=deel, tekst=form.cleaned_data["tekst"], door=request.user
        )
    except answers.Weigering as refusal:
        if htmx:
            context = _opmerkingen_context(request, scan, pagina, refusal.message)
            return render(request, "zelfscan/_opmerkingen.html", context, status=refusal.status)
        messages.error(request, refusal.message)
        return redirect("zelfscan:scan_deel", pk=scan.pk, deel=deel)
    if htmx:
        return render(
            request, "zelfscan/_opmerkingen.html", _opmerkingen_context(request, scan, pagina)
        )
    messages.success(request, _("Comment placed."))
    return redirect("zelfscan:scan_deel", pk=scan.pk, deel=deel)


@require_safe
@login_required
def scan_historie(request, pk):
    scan = get_scan_for_user(request.user, pk)
    rechten = Rechten.voor(request.user, scan)
    if not rechten.mag_historie_zien():
        raise Http404  # the board and the SWV see the scan, not who typed what
    return render(
        request, "zelfscan/scan_historie.html", {"scan": scan, "regels": historie.regels(scan)}
    )


@require_POST
@login_required
def scan_overnemen(request, pk):
    scan = get_scan_for_user(request.user, pk)
    try:
        answers.check_may_fill(Rechten.voor(request.user, scan), scan)
        n = workflow.prefill_from_previous(
            scan=scan, door=request.user, toegestane_items=set(toegestaan(scan).items)
        )
    except answers.Weigering as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("%(n)s answers taken over from last year; confirm or change each one.") % {"n": n},
        )
    return redirect("zelfscan:scan", pk=scan.pk)


@require_POST
@login_required
def scan_bevestigen(request, pk):
    """The school confirms every answer it took over from last year at once, having ticked
    that it checked them."""
    scan = get_scan_for_user(request.user, pk)
    try:
        answers.check_may_fill(Rechten.voor(request.user, scan), scan)
        if not BevestigForm(request.POST).is_valid():
            raise answers.Weigering(_("Tick that you checked these answers first."))
        n = answers.confirm_prefilled(scan=scan, door=request.user)
    except answers.Weigering as refusal:
        context = _overzicht_context(request, scan, fout=refusal.message)
        return render(request, "zelfscan/scan.html", context, status=refusal.status)
    messages.success(
        request,
        ngettext("%(n)s answer from last year confirmed.",
                 "%(n)s answers from last year confirmed.", n) % {"n": n},
    )  # fmt: skip
    return redirect("zelfscan:scan", pk=scan.pk)


# --- rounds, for SWV-beheerders
