import pytest


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The hashed-manifest storage needs `collectstatic`; unit tests use plain names.
    # The browser tests run the real server with the real storage.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _default_language():
    # A request through the test client leaves its language active in the thread, so
    # code after it (get_absolute_url() in the next test) would build /zh-hans/ addresses.
    yield
    from django.utils import translation

    translation.deactivate()
