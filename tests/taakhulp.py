"""Running the background jobs in a test, on whichever backend the settings chose."""

import io

from django.core.management import call_command
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend


def op_de_database() -> bool:
    return isinstance(task_backends["default"], DatabaseBackend)


def draai_taken():
    """Run what waits, in this process, as a worker of the configured backend would."""
    if op_de_database():
        call_command("werker", "--batch", "--interval", "0", stdout=io.StringIO())
    else:
        import django_rq
        from django_tasks_rq.backend import Job
        from rq import SimpleWorker

        django_rq.get_worker("default", worker_class=SimpleWorker, job_class=Job).work(burst=True)


def leeg_wachtrij():
    """On RQ the queue lives outside the test database: empty it."""
    if not op_de_database():
        import django_rq

        django_rq.get_connection("default").flushdb()
