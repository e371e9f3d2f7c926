"""Notifications: what tells a person that something needs them, in the application (a list
with an unread count in the menu) and, as they choose per kind, by e-mail."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zelfscan.access.scoping import ScopedQuerySet
from zelfscan.models.organisaties import User


class MeldingQuerySet(ScopedQuerySet):
    """A notification is its recipient's, and nobody else's: a superuser's too."""

    def for_user(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(ontvanger=user)

    def ongelezen(self):
        return self.filter(gelezen_op__isnull=True)


class Melding(models.Model):
    class Soort(models.TextChoices):
        INGEDIEND = "ingediend", _("a scan of your board was submitted")
        VRIJGEGEVEN = "vrijgegeven", _("a scan of your school was released to you")
        OPMERKING = "opmerking", _("the consulent placed a comment on your scan")
        TERUGGESTUURD = "teruggestuurd", _("your scan was sent back")
        GESPREK = "gesprek", _("the conversation about a scan was recorded")
        DEADLINE = "deadline", _("the deadline of your scan nears")
        DEADLINE_OVERZICHT = (
            "deadline_overzicht",
            _("the schools not yet submitted as a deadline nears"),
        )
        ONTWIKKELPUNT = "ontwikkelpunt", _("a development point is past its deadline")

    ontvanger = models.ForeignKey(User, on_delete=models.CASCADE, related_name="meldingen")
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    titel = models.CharField(_("titel"), max_length=200)
    tekst = models.TextField(_("tekst"), blank=True)
    pad = models.CharField(_("pagina"), max_length=300)
    # What it is about: a person is told of one thing once, however often it is looked at.
    sleutel = models.CharField(max_length=100)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gelezen_op = models.DateTimeField(null=True, blank=True)

    objects = MeldingQuerySet.as_manager()

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-aangemaakt_op", "-pk"]
        indexes = [models.Index(fields=["ontvanger", "gelezen_op"])]
        constraints = [
            models.UniqueConstraint(fields=["ontvanger", "sleutel"], name="melding_een_keer"),
        ]

    def __str__(self):
        return self.titel


class Meldingsvoorkeur(models.Model):
    """How a person wants to hear of one kind; without a row: by e-mail and in the app."""

    class Kanaal(models.TextChoices):
        EMAIL = "email", _("by e-mail and in the application")
        APP = "app", _("only in the application")
        GEEN = "geen", _("not at all")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="meldingsvoorkeuren")
    soort = models.CharField(max_length=20, choices=Melding.Soort.choices)
    kanaal = models.CharField(max_length=5, choices=Kanaal.choices, default=Kanaal.EMAIL)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "soort"], name="meldingsvoorkeur_uniek"),
        ]

    def __str__(self):
        return f"{self.user}: {self.get_soort_display()} — {self.get_kanaal_display()}"
