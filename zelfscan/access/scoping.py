"""Who may see what: one ``for_user`` per model, and nothing else decides it.

The rules (DESIGN.md, "Access is scoped"):
- a school user (IB-er, directeur) sees their schools; a consulent the schools assigned to them;
- a bestuur user sees the schools of their board, and the board;
- an SWV-beheerder sees everything of their SWV: its schools, wijken, the boards with schools
  in it, and the accounts that hold a role there;
- a superuser sees everything; an anonymous or inactive user nothing.

A person's roles are read once per request (one small query, kept on the request's user
object); each ``for_user`` is then one query with the role ids in it, so a page's query count
does not depend on how many roles or schools a person has.
"""

from django.apps import apps
from django.db import models


def _rol_model():
    return apps.get_model("zelfscan", "Rol")


_ROLE_FIELDS = {"school": 1, "bestuur": 2, "swv": 3}


def roles_of(user) -> list[tuple]:
    """(soort, school_id, bestuur_id, swv_id) for each role of the user.

    Kept on the user object, which lives for one request: a role given during the request is
    seen from the next request on.
    """
    roles = getattr(user, "_zelfscan_rollen", None)
    if roles is None:
        roles = list(
            _rol_model()
            .objects.filter(user=user)
            .values_list("soort", "school_id", "bestuur_id", "swv_id")
        )
        user._zelfscan_rollen = roles
    return roles


def _ids(user, soorten, field: str) -> list[int]:
    index = _ROLE_FIELDS[field]
    return sorted({role[index] for role in roles_of(user) if role[0] in soorten})


def _beheerde_swvs(user):
    return _ids(user, _rol_model().SWV_ROLLEN, "swv")


def _everything(user) -> bool | None:
    """True: sees all; False: sees nothing; None: depends on their roles."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return None


class _ScopedQuerySet(models.QuerySet):
    def _visible(self, user) -> models.Q:
        raise NotImplementedError

    def for_user(self, user):
        everything = _everything(user)
        if everything is True:
            return self.all()
        if everything is False:
            return self.none()
        # Every rule is a pk__in subquery or a forward foreign key: no join fans out, so no
        # DISTINCT is needed.
        return self.filter(self._visible(user))


class SchoolQuerySet(_ScopedQuerySet):
    def _visible(self, user):
        Rol = _rol_model()
        return (
            models.Q(pk__in=_ids(user, Rol.SCHOOLROLLEN, "school"))
            | models.Q(bestuur__in=_ids(user, Rol.BESTUURSROLLEN, "bestuur"))
            | models.Q(swv__in=_beheerde_swvs(user))
        )


class BestuurQuerySet(_ScopedQuerySet):
    def _visible(self, user):
        School = apps.get_model("zelfscan", "School")
        return models.Q(pk__in=_ids(user, _rol_model().BESTUURSROLLEN, "bestuur")) | models.Q(
            pk__in=School.objects.filter(swv__in=_beheerde_swvs(user)).values("bestuur")
        )


class WijkQuerySet(_ScopedQuerySet):
    """The SWV's wijken to its beheerder; to anyone else the wijken of the schools they see
    (whose results they may compare with their wijk)."""

    def _visible(self, user):
        School = apps.get_model("zelfscan", "School")
        return models.Q(swv__in=_beheerde_swvs(user)) | models.Q(
            pk__in=School.objects.for_user(user).values("wijk")
        )


class SamenwerkingsverbandQuerySet(_ScopedQuerySet):
    def _visible(self, user):
        return models.Q(pk__in=_beheerde_swvs(user))


class RolQuerySet(_ScopedQuerySet):
    """Roles an SWV-beheerder manages: those held for an organisation in their SWV."""

    def _visible(self, user):
        swvs = _beheerde_swvs(user)
        School = apps.get_model("zelfscan", "School")
        return (
            models.Q(school__swv__in=swvs)
            | models.Q(swv__in=swvs)
            | models.Q(bestuur__in=School.objects.filter(swv__in=swvs).values("bestuur"))
        )


class UserQuerySet(_ScopedQuerySet):
    """Accounts an SWV-beheerder manages: those holding a role in their SWV."""

    def _visible(self, user):
        return models.Q(pk__in=_rol_model().objects.for_user(user).values("user"))


VRIJGEGEVEN_EN_LATER = ("vrijgegeven", "besproken", "afgerond")


class ZelfscanQuerySet(_ScopedQuerySet):
    """The school and its board see their scans in every state; a consulent and the SWV only
    once the board has released them ("only released scans count outside the school and its
    board")."""

    def _visible(self, user):
        Rol = _rol_model()
        return (
            models.Q(school__in=_ids(user, (Rol.Soort.IB_ER, Rol.Soort.DIRECTEUR), "school"))
            | models.Q(school__bestuur__in=_ids(user, Rol.BESTUURSROLLEN, "bestuur"))
            | models.Q(
                models.Q(school__in=_ids(user, (Rol.Soort.CONSULENT,), "school"))
                | models.Q(school__swv__in=_beheerde_swvs(user)),
                status__in=VRIJGEGEVEN_EN_LATER,
            )
        )

    def in_totalen(self):
        """The scans that count in a wijk, bestuur or stad total: the released ones, whoever
        looks. Only totals are built from these, never a row per school; a total over fewer
        than three schools is hidden outside the SWV (rekenregels.KLEINSTE_GROEP)."""
        return self.filter(status__in=VRIJGEGEVEN_EN_LATER)

    def fillable_by(self, user):
        """Scans this user may fill in now: concept scans of a school where they are IB-er or
        directeur. A subset of for_user, in one query; the autosave asks it on every change."""
        if _everything(user) is False:
            return self.none()
        concepts = self.filter(status="concept")
        if user.is_superuser:
            return concepts
        Rol = _rol_model()
        writer = Rol.objects.filter(
            user=user,
            school=models.OuterRef("school"),
            soort__in=(Rol.Soort.IB_ER, Rol.Soort.DIRECTEUR),
        )
        return concepts.filter(models.Exists(writer))


class ScanrondeQuerySet(_ScopedQuerySet):
    """A round is visible to whoever sees a school of its SWV."""

    def _visible(self, user):
        School = apps.get_model("zelfscan", "School")
        return models.Q(swv__in=School.objects.for_user(user).values("swv"))


class RapportopdrachtQuerySet(_ScopedQuerySet):
    """A report made in the background is for the person who asked for it, and nobody else:
    it holds what they may see."""

    def _visible(self, user):
        return models.Q(aangevraagd_door=user)


class GesprekQuerySet(_ScopedQuerySet):
    """A conversation is seen by whoever sees its scan: the school and its board, and the
    consulent and the SWV (the scan is released by then)."""

    def _visible(self, user):
        Zelfscan = apps.get_model("zelfscan", "Zelfscan")
        return models.Q(scan__in=Zelfscan.objects.for_user(user).values("pk"))


class PerSchoolQuerySet(_ScopedQuerySet):
    """A school's development plan and its steps: whoever sees the school."""

    def _visible(self, user):
        School = apps.get_model("zelfscan", "School")
        return models.Q(school__in=School.objects.for_user(user).values("pk"))
