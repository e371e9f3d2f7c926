#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "basisondersteuning.settings")
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
