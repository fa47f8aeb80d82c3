"""`newsdesk check`: zero warnings in the production configuration, clear ones otherwise."""

import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

PRODUCTION = {"NEWSDESK_BASE_URL": "https://news.example.org"}


def newsdesk(*args, **env):
    return subprocess.run(
        [sys.executable, "-m", "newsdesk", *args], capture_output=True, text=True, timeout=60,
        env={**os.environ, **env},
    )


def test_check_passes_with_no_warning_in_the_production_configuration(tmp_path):
    result = newsdesk("check", NEWSDESK_DATA_DIR=str(tmp_path), **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_fails_when_production_settings_are_weakened(tmp_path):
    result = newsdesk("check", NEWSDESK_DATA_DIR=str(tmp_path), NEWSDESK_DEBUG="true",
                      NEWSDESK_SECURITY_REQUIRE_2FA_FOR_ADMINS="false", **PRODUCTION)
    assert result.returncode == 1
    assert "security.W018" in result.stderr  # Django's: DEBUG on
    assert "security.W105" in result.stderr  # ours: administrators without two-factor


def test_check_on_a_development_site_skips_deploy_checks_and_says_so(tmp_path):
    result = newsdesk("check", NEWSDESK_DATA_DIR=str(tmp_path))
    assert result.returncode == 0
    assert "deployment checks skipped" in result.stdout


def test_check_deploy_on_an_http_site_names_the_fix(tmp_path):
    result = newsdesk("check", "--deploy", NEWSDESK_DATA_DIR=str(tmp_path))
    assert result.returncode == 1
    assert "security.W101" in result.stderr and "NEWSDESK_BASE_URL=https://" in result.stderr


def test_a_weakened_content_security_policy_is_reported(settings):
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
        **directives, "script-src": ["'self'", "'unsafe-inline'"],
    }}
    with pytest.raises(SystemCheckError, match=r"security.W102.*'unsafe-inline' in script-src"):
        call_command("check", "--no-deploy")
