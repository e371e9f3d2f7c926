"""What an SWV writes on the support cards (ondersteuningskaarten) of the Almere themes.

002: "Voor de Almeerse thema's zijn ondersteuningskaarten opgesteld", each with a "Handreiking
Ondersteuning" and a "Kenniskaart" "waarin op ieder niveau van ondersteuning is beschreven
welke kennis nodig is". The norm gives the structure (``ijkpunten.Kaartaspect``, the four
``Ondersteuningsniveau``s); the partnership writes the content, per theme, aspect and level,
as it makes the cards (002, Uitvoeringsagenda: "Ondersteuningskaarten maken", "Kenniskaarten
maken").
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ijkpunten.models import Groep, Kaartaspect, Ondersteuningsniveau
from zelfscan.access.scoping import ScopedQuerySet
from zelfscan.models.organisaties import Samenwerkingsverband


class KaartinhoudQuerySet(ScopedQuerySet):
    """Everyone of the SWV reads its cards: its schools' people, boards and consulenten, and
    its beheerder (who alone writes them: ``zelfscan.access.rights``)."""

    def _visible(self, user):
        return models.Q(swv__in=Samenwerkingsverband.objects.met_rol(user))


class Kaartinhoud(models.Model):
    swv = models.ForeignKey(
        Samenwerkingsverband, verbose_name=_("samenwerkingsverband"), on_delete=models.CASCADE,
        related_name="kaartinhoud",
    )  # fmt: skip
    thema = models.ForeignKey(
        Groep, verbose_name=_("thema"), on_delete=models.CASCADE, related_name="+",
        limit_choices_to={"soort": Groep.Soort.THEMA},
    )  # fmt: skip
    aspect = models.ForeignKey(
        Kaartaspect, verbose_name=_("aspect"), on_delete=models.CASCADE, related_name="+"
    )
    niveau = models.ForeignKey(
        Ondersteuningsniveau, verbose_name=_("niveau"), on_delete=models.CASCADE, related_name="+"
    )
    tekst = models.TextField(_("tekst"), max_length=4000)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    gewijzigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gewijzigd door"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    objects = KaartinhoudQuerySet.as_manager()

    class Meta:
        verbose_name = _("inhoud van een ondersteuningskaart")
        verbose_name_plural = _("inhoud van ondersteuningskaarten")
        constraints = [
            models.UniqueConstraint(
                fields=["swv", "thema", "aspect", "niveau"], name="kaartinhoud_uniek"
            ),
        ]

    def __str__(self):
        return f"{self.thema} — {self.aspect} — {self.niveau}"
