"""The Django admin pages of the life wheel load for a superuser (read-only)."""

import pytest

from apps.life_wheel.models import LifeWheel
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_life_wheel_changelist_search_and_change_view(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    owner = UserFactory()
    wheel = LifeWheel.objects.create(user=owner, scores={"health": 7}, note="Feeling strong")
    listing = client.get("/admin/life_wheel/lifewheel/")
    assert listing.status_code == 200
    assert str(wheel.id) in listing.content.decode()
    assert client.get(f"/admin/life_wheel/lifewheel/?q={owner.email}").status_code == 200
    page = client.get(f"/admin/life_wheel/lifewheel/{wheel.id}/change/")
    assert page.status_code == 200
    assert "Feeling strong" in page.content.decode()
    assert client.get("/admin/life_wheel/lifewheel/add/").status_code == 403
