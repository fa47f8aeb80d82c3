import os

import pytest
from hypothesis import settings as hypothesis_settings

# The hostile-input property tests draw the same examples on every run, so CI's verdict
# on a commit does not depend on luck; `HYPOTHESIS_PROFILE=explore pytest ...` draws new
# ones (run it when changing a parser or a form, and pin what it finds as a plain test).
hypothesis_settings.register_profile("ci", derandomize=True)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


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


@pytest.fixture(autouse=True, scope="session")
def _jobs_run_in_the_test():
    # Jobs run synchronously where they are queued (Huey's immediate mode, in memory);
    # the tests of the worker itself start real `newsdesk worker` processes.
    from newsdesk.core import jobs

    jobs.queue().immediate = True
    yield
