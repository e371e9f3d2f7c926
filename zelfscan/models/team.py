"""The team behind the score: colleagues the school asks to rate parts of its scan through a
personal link (no account), and what they rated. The services are in ``zelfscan/team/``.

A rater's name and address are seen only by the school's IB-er and directeur, who invited
them; what the team rated is only ever shown counted, never beside a name.
"""

import hashlib

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zelfscan.access.scoping import ScopedQuerySet, role_ids
from zelfscan.models.organisaties import Rol, User
from zelfscan.models.scans import OP_SCHAAL, Versiebeheerd, Zelfscan


def sleutel_hash(sleutel: str) -> str:
    """A link's key is stored hashed: whoever reads the database cannot rate in a colleague's
    name."""
    return hashlib.sha256(sleutel.encode()).hexdigest()


class TeamuitnodigingQuerySet(ScopedQuerySet):
    """The invitations (names and addresses of the raters) are the school's: its IB-er and
    directeur see them, nobody else, not the board nor the SWV."""

    def _visible(self, user):
        schrijvers = (Rol.Soort.IB_ER, Rol.Soort.DIRECTEUR)
        return models.Q(scan__school__in=role_ids(user, schrijvers, "school"))

    def bij_sleutel(self, sleutel: str):
        """The invitation a link opens, if it opens one now: not withdrawn, not past its date,
        its scan still a concept (after that the school's answer is final) and the team's
        rating window not closed (after that the team's view may not change). Otherwise
        nothing: the link answers 404."""
        return (
            self.filter(
                sleutel_hash=sleutel_hash(sleutel),
                ingetrokken_op__isnull=True,
                geldig_tot__gte=timezone.localdate(),
                scan__status=Zelfscan.Status.CONCEPT,
                scan__team_gesloten_op__isnull=True,
            )
            .select_related("scan__ronde__normkader", "scan__school")
            .first()
        )


class Teamuitnodiging(models.Model):
    scan = models.ForeignKey(Zelfscan, on_delete=models.CASCADE, related_name="uitnodigingen")
    naam = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mailadres"))
    # The parts of the round ("hgw", "ijkpunten", ...) this colleague rates.
    onderdelen = models.JSONField(_("onderdelen"), default=list)
    geldig_tot = models.DateField(_("geldig tot en met"))
    sleutel_hash = models.CharField(max_length=64, unique=True)
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    uitgenodigd_door = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verstuurd_op = models.DateTimeField(_("verstuurd op"))

    objects = TeamuitnodigingQuerySet.as_manager()

    class Meta:
        verbose_name = _("teamuitnodiging")
        verbose_name_plural = _("teamuitnodigingen")
        ordering = ["naam", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scan", "email"], name="teamuitnodiging_uniek"),
        ]

    def __str__(self):
        return f"{self.scan}: {self.naam}"

    @property
    def ingetrokken(self) -> bool:
        return self.ingetrokken_op is not None

    @property
    def verlopen(self) -> bool:
        return self.geldig_tot < timezone.localdate()


class Teamscore(Versiebeheerd):
    """One colleague's rating of one item: 1–4 or no judgement (empty), and a note. Versioned
    like an answer, so that the same link open in two tabs never silently overwrites itself."""

    uitnodiging = models.ForeignKey(
        Teamuitnodiging, on_delete=models.CASCADE, related_name="scores"
    )
    item = models.ForeignKey("ijkpunten.Item", on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    toelichting = models.TextField(_("toelichting"), blank=True, max_length=2000)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["uitnodiging", "item"], name="teamscore_uniek"),
            models.CheckConstraint(condition=OP_SCHAAL, name="teamscore_op_schaal"),
        ]

    def __str__(self):
        return f"{self.uitnodiging_id}: {self.item_id}"
