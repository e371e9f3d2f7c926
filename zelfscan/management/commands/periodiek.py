"""The scheduled work, for cron or a systemd timer (README, "Background work"): every few
minutes, e.g. ``*/5 * * * * cd /srv/zelfscan && .venv/bin/python manage.py periodiek``.

Safe to run twice, or by two machines at once: each step only does what is still to do.
- jobs whose worker died are tried again (as every worker does itself);
- the clean-up job is queued: made files past their keeping time, import previews never
  confirmed;
- the reminders job is queued: the deadline of a round in 14 and in 3 days, development points
  past their deadline (each person is told of each thing once).
"""

from django.core.management.base import BaseCommand

from zelfscan.rapporten.achtergrond import herstel_verlaten
from zelfscan.tasks import herinner, ruim_op


class Command(BaseCommand):
    help = "Het periodieke werk: verlaten taken opnieuw plannen, opruimen in de wachtrij zetten."

    def handle(self, *args, **options):
        hersteld = herstel_verlaten()
        ruim_op.enqueue()
        herinner.enqueue()
        self.stdout.write(
            f"{hersteld} verlaten taken opnieuw gepland; opruimen en herinneren gepland."
        )
