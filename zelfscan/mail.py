"""E-mail leaves through a background job, never in the request: ``TaakBackend`` is the
application's EMAIL_BACKEND; it hands each message to ``zelfscan.tasks.verstuur_mail`` once the
transaction that wrote it commits (a rolled-back invitation sends nothing), and the job sends
it with the real backend (``EMAIL_VERZEND_BACKEND``: SMTP in production), trying again a few
times when the mail server fails.
"""

from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction


def als_gegevens(bericht) -> dict:
    """A message as plain data a job can carry (JSON)."""
    if bericht.attachments:
        raise ValueError("Bijlagen gaan niet via de achtergrond-mail.")
    return {
        "subject": bericht.subject, "body": bericht.body, "from_email": bericht.from_email,
        "to": list(bericht.to), "cc": list(bericht.cc), "bcc": list(bericht.bcc),
        "reply_to": list(bericht.reply_to), "headers": dict(bericht.extra_headers),
        "alternatives": [list(a) for a in getattr(bericht, "alternatives", [])],
    }  # fmt: skip


def uit_gegevens(gegevens: dict) -> EmailMultiAlternatives:
    gegevens = dict(gegevens)
    alternatives = [tuple(a) for a in gegevens.pop("alternatives")]
    return EmailMultiAlternatives(**gegevens, alternatives=alternatives)


class TaakBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        from zelfscan.tasks import verstuur_mail

        for bericht in email_messages:
            gegevens = als_gegevens(bericht)
            transaction.on_commit(lambda g=gegevens: verstuur_mail.enqueue(g))
        return len(email_messages)
