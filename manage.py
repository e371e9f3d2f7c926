#!/usr/bin/env python
import os
import sys

# Commands that only write code or translation files for a developer: they never serve a
# request or sign anything, so they need no production settings.
DEVELOPMENT_ONLY = {"makemigrations", "makemessages"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "basisondersteuning.settings")
    if len(sys.argv) > 1 and sys.argv[1] in DEVELOPMENT_ONLY:
        os.environ.setdefault("DEBUG", "1")
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 - force the settings to load here
    except ImproperlyConfigured as error:
        # A misconfiguration is an operator's mistake, not a bug: one line, no traceback.
        sys.exit(f"Configuratiefout: {error}")

    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
