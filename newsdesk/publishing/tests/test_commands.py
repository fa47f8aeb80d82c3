import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command

from newsdesk.publishing.models import Article, Author, Reference

pytestmark = pytest.mark.django_db


def test_demo_loads_a_newsroom_once_and_repeats_without_duplicates():
    out = StringIO()
    call_command("demo", stdout=out)
    articles, references = Article.objects.count(), Reference.objects.count()
    assert articles >= 12 and Author.objects.count() == 2
    assert Article.objects.filter(language="zh-hans").count() >= 3
    assert references >= articles
    assert Article.objects.published().count() == articles
    assert f"Created {articles}, updated 0" in out.getvalue()

    out = StringIO()
    call_command("demo", stdout=out)
    assert (Article.objects.count(), Reference.objects.count()) == (articles, references)
    assert f"Created 0, updated {articles}" in out.getvalue()


def test_demo_if_empty_leaves_an_existing_site_alone():
    Article.objects.create(title="Our own story", body="x")
    out = StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert Article.objects.count() == 1
    assert "already has articles" in out.getvalue()


def run_newsdesk(*args, **env):
    return subprocess.run(
        [sys.executable, "-m", "newsdesk", *args], capture_output=True, text=True, timeout=60,
        env={**os.environ, **env},
    )


@pytest.mark.parametrize(
    "variable, value",
    [
        ("DATABASE_URL", "not-a-database-url"),
        ("DATABASE_URL", "mysql//missing-colon"),
        ("NEWSDESK_DEBUG", "maybe"),
        ("NEWSDESK_TIME_ZONE", "Mars/Olympus_Mons"),
        ("NEWSDESK_BASE_URL", "news.example.org"),
        ("NEWSDESK_SECRET_KEY", "short"),
    ],
)
def test_a_wrong_setting_stops_with_one_line_naming_the_variable(tmp_path, variable, value):
    result = run_newsdesk("check", NEWSDESK_DATA_DIR=str(tmp_path), **{variable: value})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and variable in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_secret_key_is_generated_once_and_kept_in_the_data_directory(tmp_path):
    assert run_newsdesk("check", NEWSDESK_DATA_DIR=str(tmp_path)).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    run_newsdesk("check", NEWSDESK_DATA_DIR=str(tmp_path))
    assert (tmp_path / "secret_key").read_text() == key


def test_django_commands_are_reachable_through_newsdesk(tmp_path):
    result = run_newsdesk("help", NEWSDESK_DATA_DIR=str(tmp_path))
    for command in ("migrate", "createsuperuser", "serve", "demo"):
        assert command in result.stdout


def test_serve_refuses_bad_options_with_a_message(tmp_path):
    result = run_newsdesk("serve", "--workers", "0", NEWSDESK_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "--workers" in result.stderr and "Traceback" not in result.stderr


def test_serve_refuses_a_port_another_server_listens_on(tmp_path):
    """granian shares ports (SO_REUSEPORT): without the check a second server would start."""
    import socket

    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        result = run_newsdesk("serve", "--port", str(port), NEWSDESK_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert f"Port {port} on 127.0.0.1 is already in use" in result.stderr
    assert "Traceback" not in result.stderr
