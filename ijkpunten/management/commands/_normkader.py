from django.core.management.base import CommandError

from ijkpunten.models import Normkader


def normkader(code: str) -> Normkader:
    """The version a command names, or the command stops with a Dutch message."""
    gevonden = Normkader.objects.filter(code=code).first()
    if gevonden is None:
        raise CommandError(f"Normkader {code!r} bestaat niet.")
    return gevonden
