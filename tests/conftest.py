import io
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.snapshots import snapshots_for_this_database

# The test modules whose tests share something expensive that a test process makes once (the
# demo's reports): each runs whole in one process. Every other test goes to whichever process
# is free.
IN_ONE_PROCESS = {"tests/test_report_layout.py"}


# The databases of the settings, before the tests replace them with their own.
_NOT_A_TEST_DATABASE = set()


def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if module in IN_ONE_PROCESS else nodeid

    return Scheduling(config, log)


def _worker_number(config) -> int:
    """0 for the first (or only) test process, 1 for pytest-xdist's gw1, and so on."""
    worker = getattr(config, "workerinput", {}).get("workerid", "gw0")
    return int(worker.removeprefix("gw"))


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    # Tests make many accounts; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def collected_static(tmp_path_factory):
    """Tests run with DEBUG off, so pages use the hashed manifest as in production; without
    the compressed copies whitenoise makes of each file for production (brotli at its best
    took 13 s of CPU per test process, and no test reads them)."""
    settings.STATIC_ROOT = tmp_path_factory.mktemp("static")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def uploaded_files(tmp_path_factory):
    """Evidence files of the tests go to a directory of their own (per test process, under
    pytest's own temporary directory of this run), never the project's."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture(scope="session", autouse=True)
def redis_database_of_this_process(request):
    """With REDIS_URL (``.ci/run`` runs the job tests on RQ), each test process queues its jobs
    in a Redis database of its own: 15 for the first, 14 for the second, and so on, so that
    one process's worker never runs another's jobs, nor empties its queue."""
    if not getattr(settings, "RQ_QUEUES", None):
        return
    from urllib.parse import urlsplit, urlunsplit

    delen = urlsplit(settings.RQ_QUEUES["default"]["URL"])
    eigen = int(delen.path.strip("/") or 15) - _worker_number(request.config)
    settings.RQ_QUEUES["default"]["URL"] = urlunsplit(delen._replace(path=f"/{eigen}"))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """SQLite: the test database is a file (a live server's threads and a worker process each
    open their own connection to it) in a directory of this test process's own, in memory
    where the machine has /dev/shm. Two runs in one checkout, and the processes of one run,
    never share a file."""
    database = settings.DATABASES["default"]
    _NOT_A_TEST_DATABASE.add(database["NAME"])
    if database["ENGINE"] != "django.db.backends.sqlite3":
        yield
        return
    shm = Path("/dev/shm")  # noqa: S108 - mkdtemp makes a private directory of its own there
    folder = tempfile.mkdtemp(prefix="zelfscan-test-", dir=shm if shm.is_dir() else None)
    database.setdefault("TEST", {})["NAME"] = os.path.join(folder, "test.sqlite3")
    yield
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The norm loaded once, as `make run` loads it, and kept as the snapshot every test
    starts from (``tests/snapshots.py``). A test that commits gets it back afterwards in
    place of Django's flush, which would empty the database and leave the norm to be
    loaded from YAML again."""
    from django.db import connection
    from django.test import TransactionTestCase

    if connection.settings_dict["NAME"] in _NOT_A_TEST_DATABASE:
        pytest.fail(
            "No test database was made: no test of this run is marked as using one "
            "(pytest.mark.django_db), so the norm would be loaded into the real database."
        )
    with django_db_blocker.unblock():
        call_command("loaddata", "norm_anb_2024", verbosity=0)
        kept = snapshots_for_this_database()
        kept.take("norm")

    def back_to_the_norm(test_case):
        kept.restore("norm")

    flush = TransactionTestCase._fixture_teardown
    TransactionTestCase._fixture_teardown = back_to_the_norm
    yield kept
    TransactionTestCase._fixture_teardown = flush
    with django_db_blocker.unblock():
        kept.drop_all()


@pytest.fixture(scope="session")
def snapshots(django_db_setup):
    return django_db_setup


@pytest.fixture(autouse=True)
def _caches_per_test():
    """What a round asks and which groups an item counts in are cached per id for the life of
    a process; every test starts from a snapshot, so its ids come back in the next test for
    other rows (``zelfscan/scans/structuur.py``, ``zelfscan/resultaten/samenvatting.py``)."""
    from zelfscan.resultaten import samenvatting
    from zelfscan.scans.structuur import vergeet_indelingen

    vergeet_indelingen()
    samenvatting._GROEPEN_VAN_ITEM.clear()
    yield
    vergeet_indelingen()
    samenvatting._GROEPEN_VAN_ITEM.clear()


@pytest.fixture
def norm_vastgelegd(transactional_db):
    """For tests that commit (a worker, another process must see the rows): the norm is
    committed, as in every test; named for what such a test relies on."""


# The demo world (``manage.py demo``), built once per test process and kept as a snapshot.


@pytest.fixture(scope="session")
def demo_snapshot(snapshots, django_db_blocker):
    """``manage.py demo`` run once in this process on the norm; what it printed is kept for
    the test of the command. Afterwards the database holds the norm again."""
    uit = io.StringIO()
    with django_db_blocker.unblock():
        call_command("demo", "--ook-zonder-debug", stdout=uit)
        snapshots.take("demo")
        snapshots.restore("norm")
    return uit.getvalue()


@pytest.fixture
def demo(transactional_db, demo_snapshot, snapshots):
    """The demo world, committed (a live server or another process sees it too): restored
    from its snapshot for the test; afterwards the test's teardown puts the norm back.
    Returns what ``manage.py demo`` printed."""
    snapshots.restore("demo")
    return demo_snapshot


@pytest.fixture(scope="session")
def demo_rapporten(demo_snapshot, snapshots, django_db_blocker):
    """Every report kind made once for the demo world in this test process
    (``tests/rapporthulp.py``); the tests that read them share them, in one module that runs
    in one process (``IN_ONE_PROCESS``)."""
    from tests.rapporthulp import maak_demo_rapporten

    with django_db_blocker.unblock():
        snapshots.restore("demo")
        try:
            return maak_demo_rapporten()
        finally:
            snapshots.restore("norm")


@pytest.fixture
def normkader(db):
    from ijkpunten.models import Normkader

    return Normkader.objects.get(code="anb-2024")


@pytest.fixture
def world(db):
    from tests.personas import build_world

    return build_world()


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's admin_client, past the second factor that superusers must use."""
    from django.test import Client

    from tests.personas import login

    client = Client()
    login(client, admin_user)
    return client


@pytest.fixture
def beheerder(client, world):
    """The client of SWV 1's beheerder, past the second factor."""
    from tests.personas import login

    login(client, world.personas["beheerder_a"])
    return client


@pytest.fixture
def ib(client, world):
    """The client of school A's IB-er."""
    from tests.personas import login

    login(client, world.personas["school_user_a"])
    return client
