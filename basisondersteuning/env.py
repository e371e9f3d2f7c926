"""Strict readers for settings that come from the environment.

Every reader raises ImproperlyConfigured with one line that names the variable and says what
is accepted, so a typo in a deployment stops start-up instead of silently meaning something
else (``DEBUG=maybe`` must not be read as "off").
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"Ongeldige waarde {name}={raw!r}: gebruik 1/0, true/false, yes/no of on/off."
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"Ongeldige waarde {name}={raw!r}: verwacht een geheel getal."
        ) from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def database_from_url(url: str | None, *, sqlite_default: Path) -> dict:
    """Translate DATABASE_URL into a Django DATABASES entry.

    Only the two engines the project supports are accepted; anything else is refused rather
    than guessed at.
    """
    if url is None or url.strip() == "":
        return _sqlite(str(sqlite_default))

    parts = urlsplit(url.strip())
    if parts.scheme == "sqlite":
        # sqlite:///relative.db or sqlite:////absolute/path.db
        path = parts.path[1:] if parts.path.startswith("/") else parts.path
        if not path:
            raise ImproperlyConfigured(
                "Ongeldige DATABASE_URL: sqlite:///pad/naar/bestand.sqlite3 mist de bestandsnaam."
            )
        return _sqlite(path)

    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        name = parts.path.lstrip("/")
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(
                "Ongeldige DATABASE_URL: het poortnummer is geen getal."
            ) from None
        if not parts.hostname or not name or "/" in name:
            raise ImproperlyConfigured(
                "Ongeldige DATABASE_URL: verwacht postgres://gebruiker:wachtwoord@host:poort/database."
            )
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(name),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname,
            "PORT": str(port or ""),
            # Connections are kept between requests, and checked before a request reuses one:
            # without the check, a connection the server dropped failed one request in every
            # thread (found from outside). Django checks once per request, not per query.
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }

    raise ImproperlyConfigured(
        f"Ongeldige DATABASE_URL: schema {parts.scheme or '(leeg)'!r} wordt niet ondersteund; "
        "gebruik postgres://... of sqlite:///..."
    )


def _sqlite(path: str) -> dict:
    # Requests write concurrently (autosave): take the write lock at the start of a
    # transaction and wait for it, instead of failing with "database is locked". (The tests
    # put their database in a file of their own: tests/conftest.py.)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
    }
