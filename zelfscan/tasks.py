"""The background jobs, on Django's task framework (``django_tasks``, Django 6's
``django.tasks`` backported): the database backend by default, RQ on Redis with REDIS_URL
(settings, "Background work"). A job is a thin call into a service; what the person sees of
it, its tries and its failures are the service's (``zelfscan/rapporten/achtergrond.py``).

Import from here, so that the code moves to ``django.tasks`` unchanged on Django 6.
"""

from django_tasks import task

from zelfscan.rapporten import achtergrond


@task()
def maak_rapport(opdracht_id: int) -> None:
    achtergrond.maak(opdracht_id=opdracht_id)


@task()
def ruim_op() -> dict:
    return achtergrond.ruim_op()
