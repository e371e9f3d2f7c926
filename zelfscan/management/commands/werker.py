"""The worker of the background jobs on the database backend (``make run`` starts one; run
as many as the machine has cores for). django-tasks-db's own worker, kept going:

- a database error or a lost connection does not stop it: it waits (1, 2, 4 ... up to 30
  seconds) and carries on, with fresh connections;
- jobs whose worker died (killed, crashed: it stopped signing their life) are tried again
  as it starts and every few seconds after (``rapporten/achtergrond.herstel_verlaten``);
- SIGTERM or Ctrl-C: it finishes the job in hand and stops (a second one stops it at once).

With REDIS_URL the jobs are RQ's: run ``manage.py rqworker default --with-scheduler``.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, connections
from django.utils.crypto import get_random_string
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from zelfscan.rapporten.achtergrond import herstel_verlaten

logger = logging.getLogger("zelfscan.werker")


class Command(BaseCommand):
    help = "Voert de achtergrondtaken uit (rapporten, e-mail, opruimen) die in de database wachten."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0,
                            help="seconden tussen het kijken naar nieuwe taken")  # fmt: skip
        parser.add_argument("--batch", action="store_true",
                            help="voer uit wat wacht en stop")  # fmt: skip

    def handle(self, *args, interval: float, batch: bool, **options):
        if not isinstance(task_backends["default"], DatabaseBackend):
            raise CommandError(
                "De taken lopen via RQ (REDIS_URL is gezet): start "
                "`manage.py rqworker default --with-scheduler`."
            )
        worker_id = get_random_string(32)
        worker = Worker(
            queue_names=["default"], interval=interval, batch=batch, backend_name="default",
            startup_delay=False, max_tasks=None, worker_id=worker_id, excluded_queue_names=[],
        )  # fmt: skip
        worker.configure_signals()
        self._herstel()
        if not batch:
            threading.Thread(target=self._opzichter, daemon=True, name="opzichter").start()
        self.stdout.write(f"Werker {worker_id} gestart.")
        pauze = 1
        while True:
            try:
                worker.run()
                return  # --batch done, or stopped by a signal after its job
            except DatabaseError as fout:
                # Lost connection, server restart, a lock: not the end of the worker.
                logger.warning("Databasefout in de werker (%s); opnieuw over %s s", fout, pauze)
                connections.close_all()
                time.sleep(pauze)
                pauze = min(pauze * 2, 30)
                if not worker.running:
                    return

    def _herstel(self):
        try:
            if aantal := herstel_verlaten():
                logger.warning("%s taken van een gestopte werker opnieuw gepland", aantal)
        except DatabaseError:
            logger.warning("Herstel van verlaten taken mislukt; straks opnieuw")
            connection.close()

    def _opzichter(self):
        """Every few seconds: jobs whose worker died are tried again."""
        while True:
            time.sleep(settings.TAAK_LEVENSTEKEN_SECONDEN / 3)
            self._herstel()
