import pytest
from django.conf import settings
from django.core.management import call_command


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    # Tests make many accounts; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def collected_static(tmp_path_factory):
    """Tests run with DEBUG off, so pages use the hashed manifest as in production."""
    settings.STATIC_ROOT = tmp_path_factory.mktemp("static")
    call_command("collectstatic", "--noinput", verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def uploaded_files(tmp_path_factory):
    """Evidence files of the tests go to a directory of their own, never the project's."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The norm is loaded once into the test database, as `make run` loads it."""
    with django_db_blocker.unblock():
        call_command("loaddata", "norm_anb_2024", verbosity=0)


@pytest.fixture(autouse=True)
def _structuur_per_test():
    """What a round asks is cached per Normkader id for the life of a process; a test's
    versions of the norm go with its rollback, and their ids come back for other versions
    (zelfscan/scans/structuur.py, ``vergeet_indelingen``)."""
    from zelfscan.scans.structuur import vergeet_indelingen

    vergeet_indelingen()
    yield
    vergeet_indelingen()


@pytest.fixture
def norm_vastgelegd(transactional_db):
    """For tests that commit (a worker, another process must see the rows): the database is
    emptied after each such test, so the norm is loaded for each."""
    call_command("loaddata", "norm_anb_2024", verbosity=0)


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
