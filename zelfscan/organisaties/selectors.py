"""Reads about organisations and accounts, always within what the user may see."""

from django.db.models import Count, Exists, OuterRef, Q
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from zelfscan.exporting import Table
from zelfscan.models import Bestuur, Rol, Rolaanbod, Samenwerkingsverband, School, User, Wijk


def rollen_van(user) -> list[Rol]:
    return list(
        Rol.objects.filter(user=user)
        .select_related("school", "bestuur", "swv")
        .order_by("soort", "pk")
    )


def _in_swv(swv) -> Q:
    """Roles of the SWV: for its schools, and those it gave (its beheerders, and bestuur roles,
    which carry the SWV that gave them)."""
    return Q(school__swv=swv) | Q(swv=swv)


def open_rolaanbiedingen(user):
    """Roles offered to this person and not answered yet."""
    return list(
        Rolaanbod.objects.filter(user=user, beantwoord_op__isnull=True).select_related(
            "school", "bestuur", "swv", "aangeboden_door"
        )
    )


def accounts_in_swv(swv: Samenwerkingsverband):
    """The accounts that hold a role in the SWV: the ones its beheerders may give another role
    without asking (anyone else is asked to accept it, see services.invite_account)."""
    return User.objects.filter(pk__in=Rol.objects.filter(_in_swv(swv)).values("user"))


def rollen_in_swv(user, swv: Samenwerkingsverband):
    """The roles in the SWV, each with whether its person has two-step verification on."""
    apparaat = {"user": OuterRef("user"), "confirmed": True}
    return (
        Rol.objects.for_user(user)
        .filter(_in_swv(swv))
        .select_related("user", "school", "bestuur", "swv")
        .annotate(
            tweestaps=Exists(TOTPDevice.objects.filter(**apparaat))
            | Exists(StaticDevice.objects.filter(**apparaat))
        )
        .order_by("user__last_name", "user__first_name", "soort")
    )


def wijken_met_aantallen(user, swv):
    return Wijk.objects.for_user(user).filter(swv=swv).annotate(aantal_scholen=Count("scholen"))


def scholen_van(user, **filters):
    return (
        School.objects.for_user(user)
        .filter(**filters)
        .select_related("bestuur", "wijk", "swv")
        .order_by("naam")
    )


def besturen_van(user):
    return Bestuur.objects.for_user(user).order_by("naam")


# --- exports: the same columns as the imports, so an export can be edited and read back


_SCHOOL_KOLOMMEN = [
    "brin", "vestigingsnummer", "naam", "bevoegd_gezag_nummer", "wijk", "soort",
    "aantal_leerlingen", "actief",
]  # fmt: skip
_ACCOUNT_KOLOMMEN = [
    "email", "voornaam", "achternaam", "rol", "brin", "vestigingsnummer", "bevoegd_gezag_nummer",
]  # fmt: skip


def _school_rij(s: School) -> list:
    return [
        s.brin, s.vestigingsnummer, s.naam, s.bestuur.bevoegd_gezag_nummer,
        s.wijk.naam if s.wijk else "", s.soort, s.aantal_leerlingen, "ja" if s.actief else "nee",
    ]  # fmt: skip


def _account_rij(r: Rol) -> list:
    school = r.school
    return [
        r.user.email, r.user.first_name, r.user.last_name, r.soort,
        school.brin if school else "", school.vestigingsnummer if school else "",
        r.bestuur.bevoegd_gezag_nummer if r.bestuur else "",
    ]  # fmt: skip


def _scholen_tabel(user, swv):
    return _SCHOOL_KOLOMMEN, (_school_rij(s) for s in scholen_van(user, swv=swv).iterator())


def _besturen_tabel(user, swv):
    besturen = besturen_van(user).filter(scholen__swv=swv).distinct()
    return ["bevoegd_gezag_nummer", "naam"], (
        [b.bevoegd_gezag_nummer, b.naam] for b in besturen.iterator()
    )


def _wijken_tabel(user, swv):
    rows = ([w.naam, w.aantal_scholen] for w in wijken_met_aantallen(user, swv).iterator())
    return ["naam", "aantal_scholen"], rows


def _accounts_tabel(user, swv):
    return _ACCOUNT_KOLOMMEN, (_account_rij(r) for r in rollen_in_swv(user, swv).iterator())


# The SWV's lists, in the columns their import reads (the one place that names them; the import
# has the same keys, checked by a test).
LIJSTEN = {
    "scholen": _scholen_tabel,
    "besturen": _besturen_tabel,
    "wijken": _wijken_tabel,
    "accounts": _accounts_tabel,
}


def export_tabel(soort: str, *, user, swv: Samenwerkingsverband) -> Table:
    kolommen, rows = LIJSTEN[soort](user, swv)
    return Table(f"{soort}-{swv.code}", kolommen, rows)
