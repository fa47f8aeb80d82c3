import pytest
from django.contrib.auth.models import Group, User

from newsdesk.core.roles import EDITOR

PASSWORD = "correct-horse-battery-staple-42"


@pytest.fixture
def make_staff(db):
    def make(username, role=None, **fields):
        user = User.objects.create_user(
            username, email=f"{username}@example.org", password=PASSWORD, is_staff=True, **fields
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def editor_client(client, make_staff):
    client.force_login(make_staff("ed", role=EDITOR))
    return client


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads land in a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Throttles (password reset) live in the cache; each test starts with none.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _light_argon2(settings):
    """Argon2 with small costs: the same algorithm and code paths, a hundred times faster.

    The production parameters (Django's: 100 MiB, 2 passes) cost about a second
    per hash on a shared test machine, and every sign-in test hashes several times.
    """
    settings.PASSWORD_HASHERS = [
        "newsdesk.security.tests.hashers.LightArgon2PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]
