"""Pages about schools, boards and the SWV. Every object comes through its ``for_user``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from zelfscan.access.two_step import reset_tweestaps
from zelfscan.forms import InviteForm
from zelfscan.models import Bestuur, Samenwerkingsverband, Scanronde, School, User, Zelfscan
from zelfscan.organisaties import selectors
from zelfscan.organisaties.services import invite_account
from zelfscan.scans import startpagina


def get_swv_for_user(user, pk) -> Samenwerkingsverband:
    """The SWV a beheerder manages; outside their scope it does not exist (404)."""
    return get_object_or_404(Samenwerkingsverband.objects.for_user(user), pk=pk)


@require_safe
@login_required
def start(request):
    scans = (
        Zelfscan.objects.for_user(request.user)
        .select_related("school", "ronde")
        .order_by("-ronde__schooljaar", "school__naam")[:50]
    )
    return render(
        request,
        "zelfscan/start.html",
        {
            "rollen": selectors.rollen_van(request.user),
            "scans": scans,
            "rolaanbiedingen": selectors.open_rolaanbiedingen(request.user),
            "schoolblokken": startpagina.schoolblokken(request.user),
            "bestuursblokken": startpagina.bestuursblokken(request.user),
            "consulentblok": startpagina.consulentblok(request.user),
            "rondeblokken": startpagina.rondeblokken(request.user),
            "vandaag": timezone.localdate(),
        },
    )


@require_safe
@login_required
def scholen(request):
    return render(
        request, "zelfscan/scholen.html", {"scholen": selectors.scholen_van(request.user)}
    )


@require_safe
@login_required
def school(request, pk):
    school = get_object_or_404(
        School.objects.for_user(request.user).select_related("bestuur", "wijk", "swv"), pk=pk
    )
    rollen = school.rollen.select_related("user").order_by("soort", "user__last_name")
    scans = Zelfscan.objects.for_user(request.user).filter(school=school).select_related("ronde")
    context = {"school": school, "rollen": rollen, "scans": scans.order_by("-ronde__schooljaar")}
    return render(request, "zelfscan/school.html", context)


@require_safe
@login_required
def besturen(request):
    return render(
        request, "zelfscan/besturen.html", {"besturen": selectors.besturen_van(request.user)}
    )


@require_safe
@login_required
def bestuur(request, pk):
    bestuur = get_object_or_404(Bestuur.objects.for_user(request.user), pk=pk)
    scholen = selectors.scholen_van(request.user, bestuur=bestuur)
    # The board's results and report per round, newest first: the rounds of the SWVs its
    # schools are in, as far as this person sees them.
    rondes = (
        Scanronde.objects.for_user(request.user)
        .filter(swv__in=scholen.values("swv"))
        .select_related("swv")
        .order_by("-schooljaar", "swv__code")
    )
    return render(
        request, "zelfscan/bestuur.html", {"bestuur": bestuur, "scholen": scholen, "rondes": rondes}
    )


@require_safe
@login_required
def swv(request, pk):
    swv = get_swv_for_user(request.user, pk)
    context = {
        "swv": swv,
        "wijken": selectors.wijken_met_aantallen(request.user, swv),
        "aantal_scholen": selectors.scholen_van(request.user, swv=swv).count(),
        "aantal_besturen": selectors.besturen_van(request.user)
        .filter(scholen__swv=swv)
        .distinct()
        .count(),
        "soorten": list(selectors.LIJSTEN),
    }
    return render(request, "zelfscan/swv.html", context)


@require_safe
@login_required
def accounts(request, pk):
    swv = get_swv_for_user(request.user, pk)
    rollen = selectors.rollen_in_swv(request.user, swv)
    return render(request, "zelfscan/accounts.html", {"swv": swv, "rollen": rollen})


@require_POST
@login_required
def tweestaps_resetten(request, pk, user_pk):
    """An SWV-beheerder resets the two-step verification of an account in their SWV (a lost
    phone): its devices are removed and the reset is logged. A superuser's is not theirs to
    reset (404, as for any account outside their SWV)."""
    swv = get_swv_for_user(request.user, pk)
    in_swv = selectors.rollen_in_swv(request.user, swv).values("user")
    account = get_object_or_404(
        User.objects.for_user(request.user).filter(pk__in=in_swv), pk=user_pk, is_superuser=False
    )
    reset_tweestaps(user=account, door=request.user)
    messages.success(
        request,
        _(
            "The two-step verification of %(name)s has been reset; they set it up again at "
            "their next login."
        )
        % {"name": account},
    )
    return redirect("zelfscan:accounts", pk=swv.pk)


@login_required
def account_nieuw(request, pk):
    swv = get_swv_for_user(request.user, pk)
    form = InviteForm(request.POST or None, swv=swv)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        uitgenodigd = invite_account(
            invited_by=request.user,
            in_swv=swv,
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            soort=data["soort"],
            school=data["school"],
            bestuur=data["bestuur"],
            swv=swv if data["soort"] == "swv_beheerder" else None,
            base_url=request.build_absolute_uri("/"),
        )
        # The name the beheerder typed, never that of an existing account's owner.
        naam = f"{data['first_name']} {data['last_name']} ({data['email']})"
        if uitgenodigd.aanbod is not None:
            messages.success(
                request,
                _(
                    "%(name)s has been sent an invitation; the role starts when they accept "
                    "it after logging in."
                )
                % {"name": naam},
            )
        else:
            messages.success(
                request, _("%(name)s has the role and has been invited.") % {"name": naam}
            )
        return redirect("zelfscan:accounts", pk=swv.pk)
    return render(request, "zelfscan/account_nieuw.html", {"swv": swv, "form": form})
