"""The per-scan summary the results are read from (counts per scale value per scan and
group), kept current by ``zelfscan/resultaten/samenvatting.py``.
"""

from django.db import models

from zelfscan.models.scans import Zelfscan


class Groepsresultaat(models.Model):
    """The counts behind one scan's result for one group, kept current by every save of an
    answer (``zelfscan/resultaten/samenvatting.py``), so that no results page aggregates raw
    answers.

    The row with no group is the whole scan, each item counted once. Scores are kept as a count
    per scale value, so that a change only moves one count and the threshold, which belongs to
    the Normkader, is applied when the result is read (``zelfscan/resultaten/rekenregels.py``).
    """

    scan = models.ForeignKey(Zelfscan, on_delete=models.CASCADE, related_name="resultaten")
    groep = models.ForeignKey(
        "ijkpunten.Groep", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    items = models.PositiveSmallIntegerField(default=0)
    niet_gevraagd = models.PositiveSmallIntegerField(default=0)  # e.g. SBO-only items elsewhere
    nvt = models.PositiveSmallIntegerField(default=0)
    n1 = models.PositiveSmallIntegerField(default=0)
    n2 = models.PositiveSmallIntegerField(default=0)
    n3 = models.PositiveSmallIntegerField(default=0)
    n4 = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scan", "groep"],
                condition=models.Q(groep__isnull=False),
                name="groepsresultaat_uniek",
            ),
            models.UniqueConstraint(
                fields=["scan"],
                condition=models.Q(groep__isnull=True),
                name="scanresultaat_uniek",
            ),
        ]
        indexes = [models.Index(fields=["groep", "scan"])]

    def __str__(self):
        return f"{self.scan}: {self.groep_id or 'totaal'}"
