"""A generated one-time password is always one the password validators accept for its user."""

from unittest import mock

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from lidhja.accounts.domain import onetime
from lidhja.accounts.models import User

# As like "demo.social.tirana" as a random draw can be (letters compared, not their order).
LOOKALIKE = "tiranasocialdemoa"


def drawn(*passwords: str):
    return mock.patch.object(onetime.secrets, "token_urlsafe", side_effect=passwords)


def test_a_draw_like_the_users_name_is_drawn_again():
    probe = User(username="demo.social.tirana")
    with pytest.raises(ValidationError):
        validate_password(LOOKALIKE, probe)
    with drawn(LOOKALIKE, "Qx7-vR2mWz9kLp4n"):
        assert onetime.generate_password(username="demo.social.tirana") == "Qx7-vR2mWz9kLp4n"


@pytest.mark.django_db
def test_an_existing_user_is_compared_with_its_own_names():
    user = User.objects.create(username="x", first_name="Jonida", last_name="Tiranasocial")
    with drawn("tiranasocialjonida", "Qx7-vR2mWz9kLp4n"):
        assert onetime.generate_password(user) == "Qx7-vR2mWz9kLp4n"


def test_it_gives_up_loudly_rather_than_hand_out_a_refused_password():
    with drawn(*[LOOKALIKE] * onetime.DRAWS), pytest.raises(RuntimeError):
        onetime.generate_password(username="demo.social.tirana")
