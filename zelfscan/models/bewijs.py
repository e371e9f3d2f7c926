"""Evidence per indicator (issue 17, part 3): a file or a link the school attaches to an item
of its scan. Seen by whoever sees the scan; a file is downloaded only through the scoped view
(``zelfscan/views/bewijs.py``), never from a public address. The rules are in
``zelfscan/scans/bewijs.py``.
"""

import uuid
from pathlib import PurePosixPath

from django.db import models
from django.utils.translation import gettext_lazy as _

from zelfscan.access.scoping import ScopedQuerySet
from zelfscan.models.organisaties import School, User
from zelfscan.models.scans import Zelfscan


def _pad(bewijsstuk, bestandsnaam: str) -> str:
    """Where a file is stored: per school, under a random name (never the name the school
    gave it, which is kept only to offer it back on download)."""
    suffix = PurePosixPath(bestandsnaam).suffix.lower()[:10]
    return f"bewijs/{bewijsstuk.school_id}/{uuid.uuid4().hex}{suffix}"


class BewijsstukQuerySet(ScopedQuerySet):
    """Evidence is seen by whoever sees its scan (``Zelfscan.objects.for_user``)."""

    def _visible(self, user):
        return models.Q(scan__in=Zelfscan.objects.for_user(user).values("pk"))


class Bewijsstuk(models.Model):
    class Soort(models.TextChoices):
        BESTAND = "bestand", _("file")
        LINK = "link", _("link")

    # With its school (erasure under the AVG); the file goes too (``scans/bewijs.py``).
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    scan = models.ForeignKey(Zelfscan, on_delete=models.CASCADE, related_name="bewijsstukken")
    item = models.ForeignKey("ijkpunten.Item", on_delete=models.PROTECT, related_name="+")
    soort = models.CharField(max_length=8, choices=Soort.choices)
    titel = models.CharField(_("title"), max_length=200)
    # A file taken over into a later round is the same stored file: several rows may name it.
    bestand = models.FileField(upload_to=_pad, max_length=200, blank=True)
    bestandsnaam = models.CharField(max_length=200, blank=True)
    grootte = models.PositiveIntegerField(null=True, blank=True)
    inhoudstype = models.CharField(max_length=100, blank=True)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    # The evidence of last round this row carries on (kept when the school confirms it).
    overgenomen_van = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    toegevoegd_door = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    toegevoegd_op = models.DateTimeField(auto_now_add=True)

    objects = BewijsstukQuerySet.as_manager()

    class Meta:
        verbose_name = _("bewijsstuk")
        verbose_name_plural = _("bewijsstukken")
        ordering = ["item", "toegevoegd_op", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(soort="bestand", url="") | models.Q(soort="link", bestand=""),
                name="bewijsstuk_bestand_of_link",
            ),
            # Per item: an indicator split in a new version of the norm offers last round's
            # evidence to each part (issue 18).
            models.UniqueConstraint(
                fields=["scan", "item", "overgenomen_van"],
                condition=models.Q(overgenomen_van__isnull=False),
                name="bewijsstuk_eenmaal_overgenomen",
            ),
        ]  # fmt: skip

    def __str__(self):
        return self.titel
