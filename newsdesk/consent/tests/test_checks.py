"""Settings: wrong values stop start-up with a sentence; doubtful ones warn."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from newsdesk.consent import conf
from newsdesk.consent.checks import check_consent_settings


@pytest.mark.parametrize("changes, message", [
    ({"CONSENT_REGIME": "gdpr"}, "NEWSDESK_CONSENT_REGIME='gdpr' is not a regime"),
    ({"CONSENT_REGIME": "by-country", "CONSENT_COUNTRY_HEADER": ""},
     "needs NEWSDESK_CONSENT_COUNTRY_HEADER"),
    ({"CONSENT_BLOCK_DOMAINS": ["stats.example.net=tracking"]},
     "NEWSDESK_CONSENT_BLOCK_DOMAINS has stats.example.net='tracking'"),
    ({"CONSENT_BLOCK_DOMAINS": ["=analytics"]}, "NEWSDESK_CONSENT_BLOCK_DOMAINS has"),
])
def test_wrong_settings_stop_start_up_with_a_sentence_naming_the_variable(changes, message):
    with override_settings(**changes), pytest.raises(ImproperlyConfigured, match=message):
        conf.validate()


def test_valid_settings_pass():
    with override_settings(CONSENT_REGIME="by-country", CONSENT_COUNTRY_HEADER="CF-IPCountry",
                           CONSENT_BLOCK_DOMAINS=["stats.example.net=analytics"]):
        conf.validate()
    assert check_consent_settings(None) == []


def test_a_choice_kept_over_13_months_or_records_shorter_than_choices_warn():
    with override_settings(CONSENT_COOKIE_SECONDS=500 * 86400, CONSENT_RETENTION_MONTHS=12):
        ids = [warning.id for warning in check_consent_settings(None)]
    assert ids == ["consent.W001", "consent.W002"]
