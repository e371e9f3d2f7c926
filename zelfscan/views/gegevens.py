"""Import and export of the SWV's lists, for its beheerders."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from basisondersteuning.middleware import upload_met_limiet
from zelfscan import exporting
from zelfscan.forms import eerste_fout
from zelfscan.forms.organisaties import DuoForm, VorigeScansForm
from zelfscan.models import Importbestand
from zelfscan.organisaties import duo, selectors
from zelfscan.organisaties.importing import RESOURCES, run_import
from zelfscan.organisaties.uploads import UploadError, read_upload
from zelfscan.scans import inlezen
from zelfscan.scans.workflow import ensure_scans_for_swv
from zelfscan.views.organisaties import get_swv_for_user

# Past scans: every school of a large SWV for two years is more rows than a list.
VORIGE_SCANS_MAX_ROWS = 100_000


def _check_soort(soort):
    if soort not in RESOURCES:
        raise Http404


@upload_met_limiet(lambda: settings.IMPORT_MAX_BYTES)
@login_required
def importeren(request, pk, soort):
    swv = get_swv_for_user(request.user, pk)
    _check_soort(soort)
    context = {"swv": swv, "soort": soort, "max_grootte": filesizeformat(settings.IMPORT_MAX_BYTES),
               "duo_form": DuoForm(swv=swv) if soort == "scholen" else None}  # fmt: skip
    if request.method != "POST":
        return render(request, "zelfscan/importeren.html", context)
    upload = None if request.upload_too_large else request.FILES.get("bestand")
    if request.upload_too_large:  # set by the upload handler while request.FILES was read
        context["fout"] = _("The file is larger than %(size)s; split it up.") % {
            "size": context["max_grootte"]
        }
        return render(request, "zelfscan/importeren.html", context, status=413)
    if upload is None:
        context["fout"] = _("Choose a CSV or XLSX file.")
        return render(request, "zelfscan/importeren.html", context, status=400)
    kop = upload.read(4096)
    upload.seek(0)
    try:
        if soort == "scholen" and duo.is_duo(kop):
            # DUO's own file: turned into the school import's rows; those are kept for the
            # confirmation, which imports them as any school list.
            report, dataset, context["niet_in_duo"] = _van_duo(request, swv, upload)
            naam, inhoud = "scholen-uit-duo.csv", dataset.export("csv").encode()
        else:
            dataset = read_upload(upload)
            report = run_import(soort=soort, swv=swv, dataset=dataset, dry_run=True)
            upload.seek(0)
            naam, inhoud = upload.name[:255], upload.read()
    except UploadError as error:
        context["fout"] = str(error)
        return render(request, "zelfscan/importeren.html", context, status=400)
    context["report"] = report
    if report.ok:
        context["bestand"] = Importbestand.objects.create(
            swv=swv, user=request.user, soort=soort, bestandsnaam=naam, inhoud=inhoud
        )
    return render(request, "zelfscan/importeren.html", context, status=200 if report.ok else 400)


def _van_duo(request, swv, upload):
    form = DuoForm(request.POST, request.FILES, swv=swv)
    if not form.is_valid():
        raise UploadError(eerste_fout(form))
    leerlingen = form.cleaned_data["leerlingen"]
    return duo.importeer(
        swv=swv, data=upload.read(),
        selectie=duo.Selectie.van(form.cleaned_data["gemeenten"], form.cleaned_data["codes"]),
        leerlingen_data=leerlingen.read() if leerlingen else None,
        wijk_nieuw=form.cleaned_data["wijk_nieuw"],
    )  # fmt: skip


@require_POST
@login_required
def import_bevestigen(request, pk, soort, bestand):
    swv = get_swv_for_user(request.user, pk)
    _check_soort(soort)
    opgeslagen = get_object_or_404(
        Importbestand, pk=bestand, swv=swv, soort=soort, user=request.user
    )
    upload = SimpleUploadedFile(opgeslagen.bestandsnaam, bytes(opgeslagen.inhoud))
    try:
        dataset = read_upload(upload)
    except UploadError as error:  # the file was checked at upload; only a changed cap fails
        messages.error(request, str(error))
        return redirect("zelfscan:importeren", pk=swv.pk, soort=soort)
    report = run_import(
        soort=soort,
        swv=swv,
        dataset=dataset,
        dry_run=False,
        invited_by=request.user,
        base_url=request.build_absolute_uri("/"),
    )
    if not report.ok:
        # Something changed since the preview (another import, an edit): nothing was written.
        context = {"swv": swv, "soort": soort, "report": report,
                   "max_grootte": filesizeformat(settings.IMPORT_MAX_BYTES)}  # fmt: skip
        return render(request, "zelfscan/importeren.html", context, status=409)
    opgeslagen.delete()
    if soort == "scholen":
        ensure_scans_for_swv(swv=swv)  # new schools get a scan in the open rounds
    messages.success(
        request,
        _("Import done: %(new)s new, %(changed)s changed, %(same)s unchanged.")
        % {
            "new": report.count("nieuw"),
            "changed": report.count("gewijzigd"),
            "same": report.count("ongewijzigd"),
        },
    )
    return redirect("zelfscan:swv", pk=swv.pk)


@require_safe
@login_required
def exporteren(request, pk, soort, formaat):
    swv = get_swv_for_user(request.user, pk)
    if soort not in selectors.LIJSTEN or formaat not in exporting.FORMATS:
        raise Http404
    return exporting.response(selectors.export_tabel(soort, user=request.user, swv=swv), formaat)


# --- past scans, from the SWV's earlier spreadsheets (zelfscan/scans/inlezen.py)


def _vorige_context(swv, **extra):
    return {"swv": swv, "form": VorigeScansForm(), "max_grootte": filesizeformat(
        settings.IMPORT_MAX_BYTES), **extra}  # fmt: skip


@upload_met_limiet(lambda: settings.IMPORT_MAX_BYTES)
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def vorige_scans(request, pk):
    swv = get_swv_for_user(request.user, pk)
    if request.method != "POST":
        return render(request, "zelfscan/vorige_scans.html", _vorige_context(swv))
    form = VorigeScansForm(request.POST)
    upload = None if request.upload_too_large else request.FILES.get("bestand")
    try:
        if request.upload_too_large:
            raise UploadError(
                _("The file is larger than %(size)s; split it up.")
                % {"size": filesizeformat(settings.IMPORT_MAX_BYTES)}
            )
        if upload is None:
            raise UploadError(_("Choose a CSV or XLSX file."))
        if not form.is_valid():
            raise UploadError(eerste_fout(form))
        # Two years of every school of a large SWV: more rows than a list.
        dataset = read_upload(upload, max_rows=VORIGE_SCANS_MAX_ROWS)
    except UploadError as error:
        context = _vorige_context(swv, fout=str(error))
        return render(request, "zelfscan/vorige_scans.html", context, status=400)
    normkader = form.cleaned_data["normkader"]
    controle = inlezen.controleer(dataset, swv=swv, normkader=normkader)
    context = _vorige_context(swv, controle=controle, normkader=normkader)
    if controle.ok:
        upload.seek(0)
        context["bestand"] = Importbestand.objects.create(
            swv=swv, user=request.user, soort="vorige_scans", bestandsnaam=upload.name[:255],
            inhoud=upload.read(),
        )  # fmt: skip
    return render(
        request, "zelfscan/vorige_scans.html", context, status=200 if controle.ok else 400
    )


@require_safe
@login_required
def vorige_scans_sjabloon(request, pk):
    swv = get_swv_for_user(request.user, pk)
    form = VorigeScansForm(request.GET)
    if not form.is_valid():
        raise Http404
    reply = HttpResponse(
        inlezen.sjabloon(swv=swv, normkader=form.cleaned_data["normkader"]),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    reply["Content-Disposition"] = 'attachment; filename="vorige-scans-sjabloon.xlsx"'
    return reply


@require_POST
@login_required
def vorige_scans_bevestigen(request, pk, bestand):
    swv = get_swv_for_user(request.user, pk)
    opgeslagen = get_object_or_404(
        Importbestand, pk=bestand, swv=swv, soort="vorige_scans", user=request.user
    )
    form = VorigeScansForm(request.POST)
    if not form.is_valid():
        raise Http404
    upload = SimpleUploadedFile(opgeslagen.bestandsnaam, bytes(opgeslagen.inhoud))
    dataset = read_upload(upload, max_rows=VORIGE_SCANS_MAX_ROWS)
    controle = inlezen.lees_in(
        swv=swv, normkader=form.cleaned_data["normkader"], dataset=dataset, door=request.user
    )
    if not controle.ok:
        # Something changed since the preview: nothing was written.
        context = _vorige_context(swv, controle=controle)
        return render(request, "zelfscan/vorige_scans.html", context, status=409)
    opgeslagen.delete()
    messages.success(
        request,
        _("%(n)s past scans read in.") % {"n": len(controle.scans)},
    )
    return redirect("zelfscan:swv", pk=swv.pk)
