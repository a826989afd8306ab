import pytest

from apps.areas.services import ensure_default_areas
from tests.accounts.factories import UserFactory
from tests.conftest import client_for


@pytest.fixture
def default_areas(db):
    ensure_default_areas()


@pytest.fixture
def ru_client(db):
    return client_for(UserFactory(locale="ru"))


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def admin_site_client(client, superuser):
    """Django's test client signed in to the Django admin."""
    client.force_login(superuser)
    return client
