"""Issue 13 hardening of accounts: signup takes only profile fields."""

import pytest

from apps.accounts import services
from apps.accounts.models import User
from tests.conftest import PASSWORD


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["is_staff", "is_superuser", "plan", "is_email_verified", "telegram_id"])
def test_signup_refuses_fields_that_are_not_profile_fields(field):
    with pytest.raises(TypeError):
        services.user_signup(email="new@example.com", password=PASSWORD, **{field: "pro" if field == "plan" else True})
    assert not User.objects.filter(email="new@example.com").exists()


@pytest.mark.django_db
def test_signup_sets_the_profile_fields():
    user, _ = services.user_signup(email="new@example.com", password=PASSWORD, first_name="Vera", locale="en")
    assert (user.first_name, user.locale, user.is_staff) == ("Vera", "en", False)
