"""Comment settings: wrong values stop start-up with a sentence naming the variable."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from newsdesk.comments import conf


def test_defaults_are_the_documented_ones():
    assert conf.get("MODERATION") == "first-time" and conf.get("THREAD_DEPTH") == 5
    assert conf.get("RATE_LIMIT") == 5 and conf.get("MAX_LENGTH") == 5000
    assert conf.get("MAX_LINKS") == 2 and conf.get("EDIT_SECONDS") == 15 * 60


@pytest.mark.parametrize("overrides, variable", [
    ({"COMMENTS_MODERATION": "maybe"}, "NEWSDESK_COMMENTS_MODERATION"),
    ({"COMMENTS_ORDER": "random"}, "NEWSDESK_COMMENTS_ORDER"),
    ({"COMMENTS_THREAD_DEPTH": 0}, "NEWSDESK_COMMENTS_THREAD_DEPTH"),
])
def test_invalid_choices_name_the_variable(overrides, variable):
    with override_settings(**overrides), pytest.raises(ImproperlyConfigured, match=variable):
        conf.validate()


def test_a_wrong_value_stops_newsdesk_with_one_line(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(NEWSDESK_DATA_DIR=str(tmp_path), NEWSDESK_COMMENTS_MODERATION="sometimes")
    result = subprocess.run([sys.executable, "-m", "newsdesk", "check"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "newsdesk: configuration error: NEWSDESK_COMMENTS_MODERATION='sometimes' is not "
        "valid: use one of hold-all, first-time, approve-all."
    )
