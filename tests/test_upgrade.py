"""A site made by the release before the translated-field scheme keeps every text after `migrate`.

The database is taken back to that release's migrations, filled the way that
release stored texts (`name_zh_hans`, `name_en` + `name_zh_hans`), and migrated
forward as `newsdesk migrate` would; then back again, which restores the old
columns from the translations.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from newsdesk.consent.models import ConsentPolicy, CookieCategory, CookieDeclaration
from newsdesk.publishing.models import Category

BEFORE = [("publishing", "0002_article_pinned"), ("consent", "0001_initial")]
AFTER = [("publishing", "0003_category_translations"), ("consent", "0002_translations")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_site(transactional_db):
    """The rows as the current release would have them, in its own schema."""
    old = migrate(BEFORE)
    OldCategory = old.get_model("publishing", "Category")
    OldCategory.objects.create(name="Science", slug="science", name_zh_hans="科学",
                               description="Research.", description_zh_hans="研究与发现。")
    OldCategory.objects.create(name="Sport", slug="sport")
    cookie_category = old.get_model("consent", "CookieCategory")
    analytics = cookie_category.objects.get(key="analytics")
    analytics.name_zh_hans = "统计"
    analytics.save()
    old.get_model("consent", "CookieDeclaration").objects.create(
        name="_pk_id.*", category=analytics, description_en="Matomo's visitor id.",
        description_zh_hans="Matomo 的访客标识。")
    policy = old.get_model("consent", "ConsentPolicy").objects.get(pk=1)
    policy.banner_title_en, policy.banner_title_zh_hans = "Your choice", "您的选择"
    policy.save()
    yield old
    migrate(AFTER)  # whatever the test did, the next test finds the current schema


def test_migrate_keeps_every_category_and_consent_translation(old_site):
    migrate(AFTER)

    science = Category.objects.get(slug="science")
    assert (science.name, science.description) == ("Science", "Research.")
    assert science.localised("name", "zh-hans") == "科学"
    assert science.localised("description", "zh-hans") == "研究与发现。"
    assert Category.objects.get(slug="sport").localised("name", "zh-hans") == "Sport"
    analytics = CookieCategory.objects.get(key="analytics")
    assert (analytics.name, analytics.localised("name", "zh-hans")) == ("Analytics", "统计")
    assert analytics.localised("description", "zh-hans").startswith("帮助我们")
    declaration = CookieDeclaration.objects.get(name="_pk_id.*")
    assert declaration.description == "Matomo's visitor id."
    assert declaration.localised("description", "zh-hans") == "Matomo 的访客标识。"
    policy = ConsentPolicy.objects.get(pk=1)
    assert (policy.banner_title, policy.localised("banner_title", "zh-hans")) == \
        ("Your choice", "您的选择")
    assert policy.localised("policy_intro", "zh-hans").startswith("本页列出了")


def test_migrating_back_restores_the_old_columns(old_site):
    migrate(AFTER)
    old = migrate(BEFORE)
    science = old.get_model("publishing", "Category").objects.get(slug="science")
    assert (science.name_zh_hans, science.description_zh_hans) == ("科学", "研究与发现。")
    analytics = old.get_model("consent", "CookieCategory").objects.get(key="analytics")
    assert (analytics.name_en, analytics.name_zh_hans) == ("Analytics", "统计")
    declaration = old.get_model("consent", "CookieDeclaration").objects.get(name="_pk_id.*")
    assert declaration.description_zh_hans == "Matomo 的访客标识。"
