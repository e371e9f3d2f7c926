"""Who may see what: one ``for_user`` per model, and nothing else decides it. The base of every
scoped queryset is here; each model's own rule (``_visible``) stands next to the model, in
``zelfscan/models/``.

The rules (DESIGN.md, "Access is scoped"):
- a school user (IB-er, directeur) sees their schools; a consulent the schools assigned to them;
- a bestuur user sees the schools of their board in the SWV that gave the role, and the board
  (a board may have schools in two SWVs: a role given by one never reaches the other's);
- an SWV-beheerder sees everything of their SWV: its schools, wijken, the boards with schools
  in it, and the accounts that hold a role there;
- a superuser sees everything; an anonymous or inactive user nothing.

A person's roles are read once per request (one small query, kept on the request's user
object); each ``for_user`` is then one query with the role ids in it, so a page's query count
does not depend on how many roles or schools a person has.

May use: nothing of the application (the models use this module).
"""

from django.db import models

_ROLE_FIELDS = {"school": 1, "bestuur": 2, "swv": 3}


def roles_of(user) -> list[tuple]:
    """(soort, school_id, bestuur_id, swv_id) for each role of the user.

    Kept on the user object, which lives for one request: a role given during the request is
    seen from the next request on.
    """
    roles = getattr(user, "_zelfscan_rollen", None)
    if roles is None:
        roles = list(user.rollen.values_list("soort", "school_id", "bestuur_id", "swv_id"))
        user._zelfscan_rollen = roles
    return roles


def role_ids(user, soorten, field: str) -> list[int]:
    """The ids of the schools, boards or SWVs ("school", "bestuur", "swv") the user holds one
    of ``soorten`` of roles for."""
    index = _ROLE_FIELDS[field]
    return sorted({role[index] for role in roles_of(user) if role[0] in soorten})


def bestuur_scope(user, soorten, school: str = "") -> models.Q:
    """The schools a bestuur role reaches: those of its board *in the SWV that gave the role*
    (``school`` is the path to the school, e.g. ``"scan__school__"``). One Q per role, so the
    query stays one query whatever the number of roles."""
    paren = sorted({(r[2], r[3]) for r in roles_of(user) if r[0] in soorten})
    q = models.Q(**{f"{school}pk__in": []})
    for bestuur_id, swv_id in paren:
        q |= models.Q(**{f"{school}bestuur": bestuur_id, f"{school}swv": swv_id})
    return q


def everything(user) -> bool | None:
    """True: sees all; False: sees nothing; None: depends on their roles."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return None


class ScopedQuerySet(models.QuerySet):
    """``for_user``: what the user may see of this model. A model's queryset says it in
    ``_visible`` (a Q over the user's role ids)."""

    def _visible(self, user) -> models.Q:
        raise NotImplementedError

    def for_user(self, user):
        alles = everything(user)
        if alles is True:
            return self.all()
        if alles is False:
            return self.none()
        # Every rule is a pk__in subquery or a forward foreign key: no join fans out, so no
        # DISTINCT is needed.
        return self.filter(self._visible(user))
