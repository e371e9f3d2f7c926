"""A bad setting stops start-up with one clear line; production settings pass the deploy checks."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from basisondersteuning.env import database_from_url

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "q8v!Zr2#Lm5$Tn7^Wx9&Ky3*Pb6(Hd4)Jf1-Gs0=Nc8+Vb2~Xa5",
    "ALLOWED_HOSTS": "zelfscan.example.nl",
    "DATABASE_URL": "postgres://zelfscan:geheim@db.example.nl:5432/zelfscan",
}


def manage(*args, **env):
    # Start from the machine's environment without the settings this module controls (and
    # without the test-run defaults pytest-env put there).
    controlled = {
        *PRODUCTION,
        "DJANGO_SETTINGS_MODULE",
        "SECURE_SSL_REDIRECT",
        "WHITENOISE_USE_FINDERS",
        "REDIS_URL",
    }
    clean = {k: v for k, v in os.environ.items() if k not in controlled}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({**PRODUCTION, "DEBUG": "maybe"}, "DEBUG"),
        ({**PRODUCTION, "DATABASE_URL": "postgres://geen-database-naam"}, "DATABASE_URL"),
        ({**PRODUCTION, "DATABASE_URL": "mysql://root@localhost/x"}, "DATABASE_URL"),
        ({**PRODUCTION, "DATABASE_URL": "postgres://u@host:poort/db"}, "DATABASE_URL"),
        ({k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}, "SECRET_KEY"),
        ({**PRODUCTION, "SECRET_KEY": "kort"}, "SECRET_KEY"),
        ({**PRODUCTION, "SECRET_KEY": "ab" * 30}, "SECRET_KEY"),
        ({k: v for k, v in PRODUCTION.items() if k != "ALLOWED_HOSTS"}, "ALLOWED_HOSTS"),
    ],
)
def test_a_bad_setting_stops_start_up_with_one_line(env, names):
    result = manage("check", **env)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Configuratiefout: ")
    assert names in lines[0]


@pytest.mark.parametrize("redis", ["", "redis://redis.example.nl:6379/0"])
def test_production_settings_pass_the_deploy_checks(redis):
    """Both ways to run the background jobs: in the database, and on RQ (REDIS_URL)."""
    extra = {"REDIS_URL": redis} if redis else {}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, **extra)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_development_needs_no_settings_at_all():
    result = manage("check", DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_database_url_postgres_is_parsed_into_its_parts():
    db = database_from_url(
        "postgres://zelfscan:ge%40heim@db.example.nl:6543/zelfscan", sqlite_default=Path("x")
    )
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"]) == ("zelfscan", "zelfscan", "ge@heim")
    assert (db["HOST"], db["PORT"]) == ("db.example.nl", "6543")


def test_kept_postgresql_connections_are_checked_before_reuse():
    db = database_from_url("postgres://u:p@db.example:5432/zelfscan", sqlite_default=Path("x"))
    assert (db["CONN_MAX_AGE"], db["CONN_HEALTH_CHECKS"]) == (60, True)


def test_database_url_unset_means_the_sqlite_file_in_the_project():
    db = database_from_url(None, sqlite_default=ROOT / "db.sqlite3")
    assert (db["ENGINE"], db["NAME"]) == ("django.db.backends.sqlite3", str(ROOT / "db.sqlite3"))
    assert db["OPTIONS"] == {"transaction_mode": "IMMEDIATE", "timeout": 20}
    # No test database of the settings' own: a fixed file in the project was shared by two
    # test runs in one checkout (tests/conftest.py gives each test process its own).
    assert "TEST" not in db


@pytest.mark.django_db
def test_each_test_process_has_a_database_of_its_own_outside_the_project():
    import os

    from django.db import connection

    name = connection.settings_dict["NAME"]
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if connection.vendor == "sqlite":  # a directory made for this process alone (mkdtemp)
        assert not Path(name).resolve().is_relative_to(ROOT)
        assert Path(name).parent.name.startswith("zelfscan-test-")
    else:
        assert name.startswith("test_") and name.endswith(f"_{worker}" if worker else "")


def test_database_url_without_database_name_is_refused():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url("postgres://u@host:5432/", sqlite_default=Path("x"))


def test_development_only_commands_need_no_production_settings():
    # The pre-stop hook runs this with an empty environment.
    result = manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
    # ... while serving-side commands still refuse.
    assert manage("check").returncode != 0


def test_evidence_files_go_to_s3_compatible_storage_when_a_bucket_is_set():
    """The README's production setting: private objects in the bucket, never overwritten."""
    code = (
        "from django.conf import settings; import json; "
        "print(json.dumps(settings.STORAGES['default']))"
    )
    bucket = {
        "BEWIJS_S3_BUCKET": "zelfscan-bewijs",
        "BEWIJS_S3_ENDPOINT_URL": "https://s3.example.nl",
        "BEWIJS_S3_ACCESS_KEY": "sleutel",
        "BEWIJS_S3_SECRET_KEY": "geheim",
    }
    result = manage("shell", "-c", code, **PRODUCTION, **bucket)
    assert result.returncode == 0, result.stderr
    storage = json.loads(result.stdout.strip().splitlines()[-1])
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "zelfscan-bewijs"
    assert storage["OPTIONS"]["endpoint_url"] == "https://s3.example.nl"
    assert (storage["OPTIONS"]["default_acl"], storage["OPTIONS"]["file_overwrite"]) == (
        "private",
        False,
    )
    without = manage("shell", "-c", code, **PRODUCTION)
    assert '"django.core.files.storage.FileSystemStorage"' in without.stdout
