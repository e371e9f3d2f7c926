"""Evidence per indicator: an item's page of evidence (add a file or link, take over last
round's), the download, and removing. Every piece comes through ``Bewijsstuk.objects.
for_user`` or its scan through ``Zelfscan.objects.for_user`` (out of scope: 404); a file is
served only here, as an attachment, never cached by the browser."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from basisondersteuning.middleware import upload_met_limiet
from zelfscan.access.rights import Rechten
from zelfscan.forms import eerste_fout
from zelfscan.forms.bewijs import BewijsBestandForm, BewijsLinkForm
from zelfscan.models import Bewijsstuk
from zelfscan.scans import bewijs as regels
from zelfscan.scans.antwoorden import Weigering
from zelfscan.scans.structuur import structuur
from zelfscan.views.scans import get_scan_for_user


def get_bewijs_for_user(user, pk) -> Bewijsstuk:
    return get_object_or_404(
        Bewijsstuk.objects.for_user(user).select_related("scan__school", "scan__ronde"), pk=pk
    )


def _item_van(scan, item_pk):
    """The item as this scan asks it, with the page it is on (404 when the scan does not)."""
    opbouw = structuur(scan)
    for deel in opbouw.delen:
        for item in deel.items:
            if item.pk == item_pk:
                return item, deel
    raise Http404


def _context(request, scan, item, deel, *, bestand_form=None, link_form=None, fout=None):
    kan = Rechten.voor(request.user, scan).mag_invullen(scan)
    return {
        "scan": scan,
        "item": item,
        "deel": deel,
        "bewijsstukken": regels.per_item(scan).get(item.pk, []),
        "aanbod": regels.van_vorige_ronde(request.user, scan, [item]).get(item.pk, []),
        "kan_toevoegen": kan,
        "bestand_form": bestand_form or BewijsBestandForm(),
        "link_form": link_form or BewijsLinkForm(),
        "max_grootte": filesizeformat(regels.max_bytes()),
        "fout": fout,
    }


@upload_met_limiet(regels.max_bytes)
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def bewijs(request, pk, item):
    """An item's evidence; POST adds a file (``soort=bestand``) or a link (``soort=link``)."""
    scan = get_scan_for_user(request.user, pk)
    gevonden, deel = _item_van(scan, item)
    if request.method != "POST":
        return render(request, "zelfscan/bewijs.html", _context(request, scan, gevonden, deel))
    is_link = request.POST.get("soort") == "link"
    form = (BewijsLinkForm if is_link else BewijsBestandForm)(request.POST, request.FILES)
    try:
        if request.upload_too_large:
            raise Weigering(
                _("The file is larger than %(size)s.")
                % {"size": filesizeformat(regels.max_bytes())}
            )
        if not form.is_valid():
            raise Weigering(eerste_fout(form))
        if is_link:
            regels.voeg_link_toe(
                scan=scan, item_id=gevonden.pk, door=request.user,
                url=form.cleaned_data["url"], titel=form.cleaned_data["titel"],
            )  # fmt: skip
        else:
            regels.voeg_bestand_toe(
                scan=scan, item_id=gevonden.pk, door=request.user,
                upload=form.cleaned_data["bestand"], titel=form.cleaned_data["titel"],
            )  # fmt: skip
    except Weigering as refusal:
        forms = {"link_form": form} if is_link else {"bestand_form": form}
        context = _context(request, scan, gevonden, deel, fout=refusal.message, **forms)
        status = 413 if request.upload_too_large else refusal.status
        return render(request, "zelfscan/bewijs.html", context, status=status)
    messages.success(request, _("Evidence added."))
    return redirect("zelfscan:bewijs", pk=scan.pk, item=gevonden.pk)


@require_POST
@login_required
def bewijs_overnemen(request, pk, item, vorig):
    """Last round's evidence is still valid: keep it for this round."""
    scan = get_scan_for_user(request.user, pk)
    gevonden, _deel = _item_van(scan, item)
    aanbod = {
        a.bewijs.pk: a.bewijs
        for a in regels.van_vorige_ronde(request.user, scan, [gevonden]).get(gevonden.pk, [])
    }
    if vorig not in aanbod:
        raise Http404
    try:
        regels.neem_over(scan=scan, item_id=gevonden.pk, door=request.user, vorig=aanbod[vorig])
    except Weigering as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Kept for this round."))
    return redirect("zelfscan:bewijs", pk=scan.pk, item=gevonden.pk)


@require_safe
@login_required
def bewijs_download(request, pk):
    gevonden = get_bewijs_for_user(request.user, pk)
    if gevonden.soort != Bewijsstuk.Soort.BESTAND:
        raise Http404
    try:
        inhoud = gevonden.bestand.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # An attachment of the type its bytes showed: the browser never renders it in our origin.
    return FileResponse(
        inhoud, as_attachment=True, filename=gevonden.bestandsnaam,
        content_type=gevonden.inhoudstype or "application/octet-stream",
    )  # fmt: skip


@require_POST
@login_required
def bewijs_verwijderen(request, pk):
    gevonden = get_bewijs_for_user(request.user, pk)
    try:
        regels.verwijder(bewijs=gevonden, door=request.user)
    except Weigering as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Evidence removed."))
    return redirect("zelfscan:bewijs", pk=gevonden.scan_id, item=gevonden.item_id)
