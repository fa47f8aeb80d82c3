import pytest
from django.test import Client

from newsdesk.api.tests.openapi import CheckedClient
from newsdesk.core.roles import ADMINISTRATOR, AUTHOR, EDITOR


@pytest.fixture
def api(db):
    return CheckedClient(Client())


@pytest.fixture
def newsroom(db):
    """Two sections, two authors, three published stories and a draft."""
    from django.utils import timezone

    from newsdesk.publishing.models import Article, Author, Category, Reference, Tag

    city = Category(name="City")
    city.set_translation("zh-hans", "name", "城市")
    city.save()
    harbour = Category.objects.create(name="Harbour", parent=city)
    world = Category.objects.create(name="World")
    mara = Author.objects.create(name="Mara Lindqvist", bio="Harbour reporter.")
    wei = Author.objects.create(name="Li Wei")
    ferries = Tag.objects.create(name="Ferries")
    now = timezone.now()
    stories = {}
    for index, (title, language, section, author) in enumerate([
        ("Ferry strike ends", "en", harbour, mara),
        ("渡轮罢工结束", "zh-hans", harbour, wei),
        ("Summit opens", "en", world, wei),
    ]):
        article = Article.objects.create(
            title=title, language=language, category=section, status="published",
            body=f"# {title}\n\nThe **body**.", summary="Short.",
            published_at=now - timezone.timedelta(hours=3 - index))
        article.authors.add(author)
        stories[title] = article
    stories["Ferry strike ends"].tags.add(ferries)
    Reference.objects.create(article=stories["Ferry strike ends"], title="Port authority notice",
                             publisher="Port", url="https://port.example/notice")
    draft = Article.objects.create(title="Unfinished", body="Not yet.")
    return {"city": city, "harbour": harbour, "world": world, "mara": mara, "wei": wei,
            "ferries": ferries, "stories": stories, "draft": draft}


def staff(username, role, author_name=None):
    from django.contrib.auth.models import Group, User

    from newsdesk.core.roles import grant_on_migrate  # noqa: F401 (groups exist after migrate)
    from newsdesk.publishing.models import Author

    user = User.objects.create_user(username, f"{username}@example.org", None,
                                    is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    if author_name:
        Author.objects.create(name=author_name, user=user)
    return user


@pytest.fixture
def people(db):
    return {
        "author": staff("ana", AUTHOR, "Ana Author"),
        "other_author": staff("bo", AUTHOR, "Bo Author"),
        "editor": staff("eve", EDITOR, "Eve Editor"),
        "admin": staff("root", ADMINISTRATOR),
    }
