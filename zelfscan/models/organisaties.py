"""Organisations, people and their roles: the SWV (the tenant), bestuur, wijk, school, the
accounts and what each may be (Rol), a role offered to an account of another SWV, and an
uploaded list waiting to be confirmed.

Who may see what is decided in one place, ``zelfscan/access/scoping.py``; every model here
that holds school data has a ``for_user`` on its manager that applies those rules.
"""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ijkpunten.models import Sector
from zelfscan.access.scoping import ScopedQuerySet, bestuur_scope, everything, role_ids

brin_validator = RegexValidator(
    r"^[0-9]{2}[A-Z0-9]{2}$",
    _("A BRIN number is two digits followed by two capital letters or digits, e.g. 12AB."),
)
vestiging_validator = RegexValidator(r"^[0-9]{2}$", _("A branch number is two digits, e.g. 00."))
bevoegd_gezag_validator = RegexValidator(
    r"^[0-9]{5}$", _("A competent-authority number is five digits, e.g. 41234.")
)


# --- who sees what (the base and the rules' shape: zelfscan/access/scoping.py)


class SchoolQuerySet(ScopedQuerySet):
    def _visible(self, user):
        return (
            models.Q(pk__in=role_ids(user, Rol.SCHOOLROLLEN, "school"))
            | bestuur_scope(user, Rol.BESTUURSROLLEN)
            | models.Q(swv__in=role_ids(user, Rol.SWV_ROLLEN, "swv"))
        )


class BestuurQuerySet(ScopedQuerySet):
    def _visible(self, user):
        beheerd = role_ids(user, Rol.SWV_ROLLEN, "swv")
        return models.Q(pk__in=role_ids(user, Rol.BESTUURSROLLEN, "bestuur")) | models.Q(
            pk__in=School.objects.filter(swv__in=beheerd).values("bestuur")
        )

    def in_swv_for_user(self, user, swv_id: int):
        """The boards the user sees *in one SWV*: those with a school there the user sees. A
        board's page in a round shows that round's SWV, which a bestuur role given by another
        SWV does not reach."""
        return self.for_user(user).filter(
            pk__in=School.objects.for_user(user).filter(swv=swv_id).values("bestuur")
        )


class WijkQuerySet(ScopedQuerySet):
    """The SWV's wijken to its beheerder; to anyone else the wijken of the schools they see
    (whose results they may compare with their wijk)."""

    def _visible(self, user):
        return models.Q(swv__in=role_ids(user, Rol.SWV_ROLLEN, "swv")) | models.Q(
            pk__in=School.objects.for_user(user).values("wijk")
        )


class SamenwerkingsverbandQuerySet(ScopedQuerySet):
    """``for_user``: the SWVs a person manages. ``met_rol``: every SWV a person works in, by
    any role (for what the SWV shares with all its people, such as its support cards)."""

    def _visible(self, user):
        return models.Q(pk__in=role_ids(user, Rol.SWV_ROLLEN, "swv"))

    def met_rol(self, user):
        if everything(user) is not None:
            return self.all() if everything(user) else self.none()
        return self.filter(
            models.Q(pk__in=role_ids(user, Rol.SWV_ROLLEN, "swv"))
            | models.Q(pk__in=School.objects.for_user(user).values("swv"))
        )


class RolQuerySet(ScopedQuerySet):
    """Roles an SWV-beheerder manages: those held for a school in their SWV and those their
    SWV gave (its beheerders, and bestuur roles, which carry the SWV that gave them: a board
    with schools in two SWVs has roles of each, and neither SWV manages the other's)."""

    def _visible(self, user):
        swvs = role_ids(user, Rol.SWV_ROLLEN, "swv")
        return models.Q(school__swv__in=swvs) | models.Q(swv__in=swvs)


class UserQuerySet(ScopedQuerySet):
    """Accounts an SWV-beheerder manages: those holding a role in their SWV."""

    def _visible(self, user):
        return models.Q(pk__in=Rol.objects.for_user(user).values("user"))


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedUserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="user_email_uniek"
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username


class Samenwerkingsverband(models.Model):
    """The tenant: the legal partnership of the school boards of a region and sector."""

    code = models.CharField(_("code"), max_length=20, unique=True, help_text="PO 23-02")
    naam = models.CharField(_("naam"), max_length=200)
    sector = models.CharField(_("sector"), max_length=2, choices=Sector.choices)
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = SamenwerkingsverbandQuerySet.as_manager()

    class Meta:
        verbose_name = _("samenwerkingsverband")
        verbose_name_plural = _("samenwerkingsverbanden")
        ordering = ["code"]

    def __str__(self):
        return f"{self.naam} ({self.code})"


class Bestuur(models.Model):
    """A school board (bevoegd gezag). A board may have schools in more than one SWV."""

    bevoegd_gezag_nummer = models.CharField(
        _("bevoegd-gezagnummer"), max_length=5, unique=True, validators=[bevoegd_gezag_validator]
    )
    naam = models.CharField(_("naam"), max_length=200)
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = BestuurQuerySet.as_manager()

    class Meta:
        verbose_name = _("bestuur")
        verbose_name_plural = _("besturen")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Wijk(models.Model):
    swv = models.ForeignKey(
        Samenwerkingsverband,
        verbose_name=_("samenwerkingsverband"),
        on_delete=models.PROTECT,
        related_name="wijken",
    )
    naam = models.CharField(_("naam"), max_length=100)
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = WijkQuerySet.as_manager()

    class Meta:
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")
        ordering = ["swv", "naam"]
        constraints = [
            models.UniqueConstraint("swv", Lower("naam"), name="wijk_naam_uniek_per_swv"),
        ]

    def __str__(self):
        return self.naam


class School(models.Model):
    class Soort(models.TextChoices):
        BAO = "bao", _("basisonderwijs")
        SBO = "sbo", _("speciaal basisonderwijs")
        SO = "so", _("speciaal onderwijs")
        VO = "vo", _("voortgezet onderwijs")

    swv = models.ForeignKey(
        Samenwerkingsverband,
        verbose_name=_("samenwerkingsverband"),
        on_delete=models.PROTECT,
        related_name="scholen",
    )
    brin = models.CharField(_("BRIN"), max_length=4, validators=[brin_validator])
    vestigingsnummer = models.CharField(
        _("vestigingsnummer"), max_length=2, default="00", validators=[vestiging_validator]
    )
    naam = models.CharField(_("naam"), max_length=200)
    bestuur = models.ForeignKey(
        Bestuur, verbose_name=_("bestuur"), on_delete=models.PROTECT, related_name="scholen"
    )
    # 002: "Het primair onderwijs werkt bijvoorbeeld wijkgericht en het voortgezet onderwijs
    # werkt stadsgericht": a primary school belongs to a wijk, a secondary school only when
    # its SWV gives it one (``clean``).
    wijk = models.ForeignKey(
        Wijk, verbose_name=_("wijk"), on_delete=models.PROTECT, related_name="scholen",
        null=True, blank=True,
    )  # fmt: skip
    soort = models.CharField(_("soort"), max_length=3, choices=Soort.choices)
    aantal_leerlingen = models.PositiveIntegerField(_("aantal leerlingen"), null=True, blank=True)
    actief = models.BooleanField(_("actief"), default=True)
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = SchoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("scholen")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(fields=["brin", "vestigingsnummer"], name="school_brin_uniek"),
        ]

    def __str__(self):
        return f"{self.naam} ({self.brin_volledig})"

    def clean(self):
        super().clean()
        if self.wijk_id is None and self.soort and self.sector == Sector.PO:
            raise ValidationError(
                {"wijk": _("A primary school works in a wijk: give it one. Only a secondary "
                           "school may be without a wijk (it works city-wide).")}
            )  # fmt: skip

    @property
    def brin_volledig(self) -> str:
        return f"{self.brin}{self.vestigingsnummer}"

    @property
    def sector(self) -> str:
        return self.sector_van(self.soort)

    @staticmethod
    def sector_van(soort: str) -> str:
        """The sector a kind of school is asked as: VO for a secondary school, PO for the
        primary kinds (special primary and special schools included)."""
        return Sector.VO if soort == School.Soort.VO else Sector.PO


class Rol(models.Model):
    """What a person is, and for which organisation. One person may hold several roles.

    A bestuur role carries, besides its board, the SWV that gave it (``swv``): it reaches that
    board's schools in that SWV only. A board with schools in two SWVs (a stichting with
    primary and secondary schools) has its roles given by each SWV, for its own schools.
    """

    class Soort(models.TextChoices):
        IB_ER = "ib_er", _("intern begeleider")
        DIRECTEUR = "directeur", _("directeur")
        BESTUUR = "bestuur", _("bestuurder of kwaliteitsmedewerker")
        CONSULENT = "consulent", _("consulent")
        SWV_BEHEERDER = "swv_beheerder", _("SWV-beheerder")

    # Which organisation each kind of role is held for.
    SCHOOLROLLEN = (Soort.IB_ER, Soort.DIRECTEUR, Soort.CONSULENT)
    BESTUURSROLLEN = (Soort.BESTUUR,)
    SWV_ROLLEN = (Soort.SWV_BEHEERDER,)

    user = models.ForeignKey(
        User, verbose_name=_("account"), on_delete=models.CASCADE, related_name="rollen"
    )
    soort = models.CharField(_("rol"), max_length=20, choices=Soort.choices)
    school = models.ForeignKey(
        School, verbose_name=_("school"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="rollen",
    )  # fmt: skip
    bestuur = models.ForeignKey(
        Bestuur, verbose_name=_("bestuur"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="rollen",
    )  # fmt: skip
    swv = models.ForeignKey(
        Samenwerkingsverband, verbose_name=_("samenwerkingsverband"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="rollen",
    )  # fmt: skip

    objects = RolQuerySet.as_manager()

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        constraints = [
            models.CheckConstraint(
                name="rol_hoort_bij_een_organisatie",
                condition=(
                    models.Q(
                        soort__in=["ib_er", "directeur", "consulent"],
                        school__isnull=False,
                        bestuur__isnull=True,
                        swv__isnull=True,
                    )
                    | models.Q(
                        soort="bestuur",
                        school__isnull=True,
                        bestuur__isnull=False,
                        swv__isnull=False,
                    )
                    | models.Q(
                        soort="swv_beheerder",
                        school__isnull=True,
                        bestuur__isnull=True,
                        swv__isnull=False,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "soort", "school"],
                condition=models.Q(school__isnull=False),
                name="rol_uniek_per_school",
            ),
            models.UniqueConstraint(
                fields=["user", "soort", "bestuur", "swv"],
                condition=models.Q(bestuur__isnull=False),
                name="rol_uniek_per_bestuur_en_swv",
            ),
            models.UniqueConstraint(
                fields=["user", "soort", "swv"],
                condition=models.Q(swv__isnull=False, bestuur__isnull=True),
                name="rol_uniek_per_swv",
            ),
        ]

    def __str__(self):
        if self.bestuur_id is not None:
            # Which of the board's schools the role reaches: those in the SWV that gave it.
            org = gettext("%(bestuur)s, in %(swv)s") % {
                "bestuur": self.bestuur,
                "swv": self.swv.naam,
            }
            return f"{self.get_soort_display()} — {org}"
        return f"{self.get_soort_display()} — {self.organisatie}"

    @property
    def organisatie(self):
        return self.school or self.bestuur or self.swv


class Rolaanbod(models.Model):
    """A role offered to an account that exists already outside the SWV that offers it: it
    starts only when its owner accepts it (nobody's account is given a role silently, and the
    one who offers it never sees the owner's name)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="rolaanbiedingen")
    soort = models.CharField(_("rol"), max_length=20, choices=Rol.Soort.choices)
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.CASCADE)
    bestuur = models.ForeignKey(Bestuur, null=True, blank=True, on_delete=models.CASCADE)
    swv = models.ForeignKey(Samenwerkingsverband, null=True, blank=True, on_delete=models.CASCADE)
    aangeboden_door = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    aangeboden_op = models.DateTimeField(auto_now_add=True)
    beantwoord_op = models.DateTimeField(null=True, blank=True)
    aanvaard = models.BooleanField(null=True)

    class Meta:
        ordering = ["-aangeboden_op", "-pk"]

    def __str__(self):
        return str(Rol(soort=self.soort, school=self.school, bestuur=self.bestuur, swv=self.swv))


class Importbestand(models.Model):
    """An uploaded file between its preview and the confirmation that writes it.

    Kept in the database, not on one server's disk, so any application process can confirm it.
    """

    swv = models.ForeignKey(Samenwerkingsverband, on_delete=models.CASCADE)
    user = models.ForeignKey(User, on_delete=models.CASCADE)
    soort = models.CharField(max_length=20)
    bestandsnaam = models.CharField(max_length=255)
    inhoud = models.BinaryField()
    aangemaakt = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("importbestand")
        verbose_name_plural = _("importbestanden")

    def __str__(self):
        return self.bestandsnaam


# --- the scan itself
