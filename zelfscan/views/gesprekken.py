"""After the scan: the consulent's own view and the conversation (consulent), the school's
development plan, and the consulent's overview of their schools. Writes go through
``zelfscan/vervolg/``; a person who sees the page but may not write gets 403 with the reason,
anyone else 404."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ijkpunten.models import Groep
from ijkpunten.selectors import ontwikkelstappen
from zelfscan.access.rights import Rechten
from zelfscan.exporting import Table, response
from zelfscan.forms import (
    GesprekForm,
    NotitieForm,
    OntwikkelpuntForm,
    SorteringForm,
    StappenForm,
    StatusForm,
    eerste_fout,
)
from zelfscan.forms.vervolg import (
    ConsulentoordeelForm,
    ConsulentWijzigingForm,
    GroepsoordeelForm,
)
from zelfscan.models import Gesprek, Notitie, Ontwikkelpunt, School, Trajectstap, Zelfscan
from zelfscan.resultaten import rekenregels as regels
from zelfscan.resultaten import totalen as res
from zelfscan.scans.antwoorden import Weigering
from zelfscan.scans.structuur import structuur
from zelfscan.vervolg import consulentoordeel, gesprekken, ontwikkelplan
from zelfscan.views.autosave import als_json
from zelfscan.views.scans import _autosave_teksten

# --- the conversation


def _gesprek_context(request, scan, fout=None, waarden=None) -> dict:
    rechten = Rechten.voor(request.user, scan)
    kan = rechten.mag_gesprek_vastleggen(scan)
    if waarden is None and kan:
        waarden = {
            "datum": timezone.localdate().isoformat(),
            "deelnemers": _("Consulent: %(naam)s\nIB-er: \nDirecteur: ")
            % {"naam": request.user.get_full_name() or request.user},
            "agenda": gesprekken.agenda_tekst(gesprekken.concept_agenda(scan=scan)),
            "besproken": scan.status == Zelfscan.Status.VRIJGEGEVEN,
        }
    return {
        "scan": scan,
        "gesprekken": Gesprek.objects.for_user(request.user)
        .filter(scan=scan)
        .select_related("vastgelegd_door"),
        "kan_vastleggen": kan,
        "waarden": waarden or {},
        "fout": fout,
    }


def _scan(request, pk) -> Zelfscan:
    return get_object_or_404(
        Zelfscan.objects.for_user(request.user).select_related(
            "school", "ronde__normkader", "vorige__ronde"
        ),
        pk=pk,
    )


@require_safe
@login_required
def gesprek(request, pk):
    scan = _scan(request, pk)
    return render(request, "zelfscan/gesprek.html", _gesprek_context(request, scan))


@require_POST
@login_required
def gesprek_vastleggen(request, pk):
    scan = _scan(request, pk)
    form = GesprekForm(request.POST)
    try:
        _geldig(form)
        gesprekken.gesprek_vastleggen(scan=scan, door=request.user, **form.cleaned_data)
    except Weigering as weigering:
        context = _gesprek_context(request, scan, weigering.message, waarden=request.POST)
        return render(request, "zelfscan/gesprek.html", context, status=weigering.status)
    messages.success(request, _("The conversation has been recorded."))
    return redirect("zelfscan:gesprek", pk=scan.pk)


# --- the consulent's own view (zelfscan/vervolg/consulentoordeel.py)


def _oordeel_context(request, scan, deel_sleutel, problemen=None) -> dict:
    rechten = Rechten.voor(request.user, scan)
    if not rechten.ziet_consulentoordeel(scan):
        raise PermissionDenied(
            _("The consulent's view is shown to the school after the conversation.")
        )
    opbouw = structuur(scan)
    deel = opbouw.deel(deel_sleutel)
    if deel is None or deel.is_kengetallen:
        raise Http404
    van_toepassing = set(opbouw.items)
    regel = regels.Voldoetregel.van(scan.ronde.normkader)
    tellingen = res.tellingen([scan.pk])
    gemiddelden = {
        g.pk: regels.uitslag(tellingen.get((scan.pk, g.pk), regels.Telling()), regel).gemiddelde
        for g in deel.groepen
    }
    paginas = [d for d in opbouw.delen if not d.is_kengetallen]
    plek = paginas.index(deel)
    schaal = list(scan.ronde.normkader.schaal.values_list("waarde", "kort"))
    problemen = problemen or {}
    return {
        "scan": scan,
        "deel": deel,
        "groepen": [(g, deel.items_van(g, van_toepassing)) for g in deel.groepen],
        "antwoorden": opbouw.antwoorden,
        "gemiddelden": gemiddelden,
        "oordelen": consulentoordeel.Oordelen.van(scan, request.user),
        "kan_vastleggen": rechten.mag_consulentoordeel(scan),
        "schaal": schaal,
        "schaal_kort": dict(schaal),
        "vorige_pagina": paginas[plek - 1] if plek else None,
        "volgende_pagina": paginas[plek + 1] if plek + 1 < len(paginas) else None,
        "problemen": {i: m for (soort, i), m in problemen.items() if soort == "item"},
        "groepproblemen": {i: m for (soort, i), m in problemen.items() if soort == "groep"},
        "autosave_teksten": _autosave_teksten(),
    }


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def consulentoordeel_pagina(request, pk, deel):
    """The consulent's view of one page of the scan beside the school's scores; the save
    button stores every item and group on it (what works without JavaScript)."""
    scan = _scan(request, pk)
    context = _oordeel_context(request, scan, deel)
    if request.method == "POST":
        if not context["kan_vastleggen"]:
            raise PermissionDenied
        problemen = {}
        for groep, items in context["groepen"]:
            rijen = [
                ("groep", groep.pk, GroepsoordeelForm),
                *(("item", i.pk, ConsulentoordeelForm) for i in items),
            ]
            for soort, ident, form_class in rijen:
                form = form_class(request.POST, prefix=str(ident))
                if form.add_prefix("versie") not in request.POST:
                    continue
                try:
                    if not form.is_valid():
                        raise Weigering(eerste_fout(form))
                    consulentoordeel.sla_op(
                        scan=scan, door=request.user, soort=soort, ident=ident,
                        waarden=form.waarden(), basisversie=form.cleaned_data["versie"],
                    )  # fmt: skip
                except Weigering as refusal:
                    problemen[(soort, ident)] = refusal.message
        if not problemen:
            messages.success(request, _("Saved."))
            return redirect("zelfscan:consulentoordeel", pk=scan.pk, deel=deel)
        context = _oordeel_context(request, scan, deel, problemen)
        return render(request, "zelfscan/consulentoordeel.html", context, status=400)
    return render(request, "zelfscan/consulentoordeel.html", context)


@require_POST
@login_required
def consulentoordeel_opslaan(request, pk):
    """One change of the consulent's view of one item or group, as the autosave script sends
    it: 200 {versie}, or 400/403/409 {bericht}."""
    scan = _scan(request, pk)

    def opslaan():
        wat, waarden = ConsulentWijzigingForm(request.POST), ConsulentoordeelForm(request.POST)
        if not wat.is_valid():
            raise Weigering(eerste_fout(wat))
        if not waarden.is_valid():
            raise Weigering(eerste_fout(waarden))
        return consulentoordeel.sla_op(
            scan=scan, door=request.user, soort=wat.cleaned_data["soort"],
            ident=wat.cleaned_data["id"], waarden=waarden.waarden(),
            basisversie=waarden.cleaned_data["versie"], wijziging=wat.cleaned_data["wijziging"],
        )  # fmt: skip

    return als_json(opslaan)


# --- the development plan


def _school(request, pk) -> School:
    return get_object_or_404(School.objects.for_user(request.user).select_related("swv"), pk=pk)


def _laatste_scan(request, school) -> Zelfscan | None:
    return (
        Zelfscan.objects.for_user(request.user)
        .filter(school=school)
        .select_related("ronde__normkader")
        .order_by("-ronde__schooljaar")
        .first()
    )


def _plan_context(request, school, fout=None, waarden=None) -> dict:
    rechten = Rechten.voor_school(request.user, school)
    scan = _laatste_scan(request, school)
    stappen = {s.stap: s for s in Trajectstap.objects.for_user(request.user).filter(school=school)}
    uitleg = ontwikkelstappen(scan.ronde.normkader_id if scan else None)
    koppelingen = []
    if scan is not None and rechten.mag_plan_bewerken():
        for groep in (
            Groep.objects.filter(normkader=scan.ronde.normkader_id)
            .prefetch_related("items")
            .order_by("soort", "nummer")
        ):
            koppelingen.append(
                (groep, [(f"item:{i.pk}", f"{i.code} {i.tekst[:90]}") for i in groep.items.all()])
            )
    return {
        "school": school,
        "scan": scan,
        "punten": Ontwikkelpunt.objects.for_user(request.user)
        .filter(school=school)
        .select_related("groep", "item__groep")
        .prefetch_related(Prefetch("notities", queryset=Notitie.objects.select_related("door"))),
        # Per step the school's record, beside what 003 says happens in it and what it yields.
        "stappen": [
            (waarde, label, stappen.get(waarde), uitleg.get(waarde))
            for waarde, label in Trajectstap.Stap.choices
        ],
        "statussen": Ontwikkelpunt.Status.choices,
        "kan_bewerken": rechten.mag_plan_bewerken(),
        "kan_opmerken": rechten.mag_plan_opmerken() or rechten.mag_plan_bewerken(),
        "koppelingen": koppelingen,
        "vandaag": timezone.localdate(),
        "fout": fout,
        "waarden": waarden or {},
    }


@require_safe
@login_required
def plan(request, pk):
    school = _school(request, pk)
    return render(request, "zelfscan/ontwikkelplan.html", _plan_context(request, school))


def _geldig(form):
    """A form's first mistake as the refusal the page shows above the form."""
    if not form.is_valid():
        raise Weigering(eerste_fout(form))


def _plan_post(request, pk, form_class, actie, *, punt_pk=None):
    """Find what is written to (out of scope: 404, whatever was sent), check the form, then
    write; a refusal shows the plan again with what was typed."""
    school = _school(request, pk)
    punt = _punt(request, school, punt_pk) if punt_pk is not None else None
    form = form_class(request.POST)
    try:
        _geldig(form)
        actie(school, punt, form)
    except Weigering as weigering:
        context = _plan_context(request, school, weigering.message, waarden=request.POST)
        return render(request, "zelfscan/ontwikkelplan.html", context, status=weigering.status)
    messages.success(request, _("Saved."))
    return redirect("zelfscan:ontwikkelplan", pk=school.pk)


@require_POST
@login_required
def punt_toevoegen(request, pk):
    def actie(school, _punt, form):
        ontwikkelplan.punt_toevoegen(
            school=school, door=request.user, scan=_laatste_scan(request, school),
            **form.cleaned_data,
        )  # fmt: skip

    return _plan_post(request, pk, OntwikkelpuntForm, actie)


def _punt(request, school, punt_pk) -> Ontwikkelpunt:
    return get_object_or_404(
        Ontwikkelpunt.objects.for_user(request.user).filter(school=school), pk=punt_pk
    )


@require_POST
@login_required
def punt_status(request, pk, punt):
    def actie(_school, punt, form):
        ontwikkelplan.status_wijzigen(punt=punt, door=request.user, **form.cleaned_data)

    return _plan_post(request, pk, StatusForm, actie, punt_pk=punt)


@require_POST
@login_required
def punt_notitie(request, pk, punt):
    def actie(_school, punt, form):
        ontwikkelplan.notitie_toevoegen(punt=punt, door=request.user, **form.cleaned_data)

    return _plan_post(request, pk, NotitieForm, actie, punt_pk=punt)


@require_POST
@login_required
def stappen(request, pk):
    def actie(school, _punt, form):
        for stap, datum, resultaat in form.stappen():
            ontwikkelplan.stap_vastleggen(
                school=school, door=request.user, stap=stap, datum=datum, resultaat=resultaat
            )

    return _plan_post(request, pk, StappenForm, actie)


# --- the consulent's overview


SORTERINGEN = {
    "school": lambda r: r["school"].naam.lower(),
    "status": lambda r: (r["status"] or "", r["school"].naam.lower()),
    "gesprek": lambda r: (r["gesprek"] or datetime.date.min, r["school"].naam.lower()),
    "achterstand": lambda r: (-r["achterstand"], r["school"].naam.lower()),
}


def _overzicht(request) -> tuple[list[dict], str]:
    scholen = list(School.objects.for_user(request.user).order_by("naam"))
    laatste = {}
    for scan in (
        Zelfscan.objects.for_user(request.user)
        .filter(school__in=scholen)
        .select_related("ronde")
        .order_by("school_id", "-ronde__schooljaar")
    ):
        laatste.setdefault(scan.school_id, scan)
    gesprek = dict(
        Gesprek.objects.for_user(request.user)
        .filter(scan__school__in=scholen)
        .values_list("scan__school")
        .annotate(laatst=Max("datum"))
        .order_by()
    )
    achterstand = dict(
        Ontwikkelpunt.objects.for_user(request.user)
        .filter(
            school__in=scholen, status__in=Ontwikkelpunt.OPEN, deadline__lt=timezone.localdate()
        )
        .values_list("school")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rijen = [
        {
            "school": s,
            "scan": laatste.get(s.pk),
            "status": laatste[s.pk].get_status_display() if s.pk in laatste else None,
            "gesprek": gesprek.get(s.pk),
            "achterstand": achterstand.get(s.pk, 0),
        }
        for s in scholen
    ]
    sortering = SorteringForm(request.GET).sortering()
    rijen.sort(key=SORTERINGEN[sortering], reverse=sortering == "gesprek")
    return rijen, sortering


@require_safe
@login_required
def overzicht(request):
    rijen, sortering = _overzicht(request)
    sorteringen = SorteringForm.base_fields["sorteer"].choices
    return render(
        request,
        "zelfscan/consulent.html",
        {"rijen": rijen, "sortering": sortering, "sorteringen": sorteringen},
    )


@require_safe
@login_required
def overzicht_export(request, formaat):
    if formaat not in ("csv", "xlsx"):
        raise Http404
    rijen, sortering = _overzicht(request)
    tabel = Table(
        name=f"scholen-overzicht-{sortering}",
        headers=[
            "school",
            "BRIN",
            "ronde",
            "status scan",
            "laatste gesprek",
            "ontwikkelpunten over de deadline",
        ],
        rows=(
            [
                r["school"].naam,
                r["school"].brin_volledig,
                r["scan"].ronde.schooljaar if r["scan"] else None,
                r["status"],
                r["gesprek"].isoformat() if r["gesprek"] else None,
                r["achterstand"],
            ]
            for r in rijen
        ),
    )
    return response(tabel, formaat)
