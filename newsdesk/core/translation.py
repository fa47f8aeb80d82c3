"""One scheme for per-language names and texts, driven by settings.LANGUAGES.

A translated text keeps its default-language value (settings.LANGUAGE_CODE) in
its own column, so ordering, uniqueness, lookups, search and every app that
reads `category.name` work as with any field; the other languages' values live
in one JSON column per model, `translations`:

    {"zh-hans": {"name": "科技", "description": "…"}, "zh-hant": {"name": "科技"}}

Adding a language to settings.LANGUAGES therefore needs no migration in any
app: its form fields appear (`name_zh_hant`), its values are read and written.
Why not a package: django-modeltranslation adds a column per language (a
migration in every app for each new language); django-parler moves every
translated text, the default one too, to a second table, so `order_by("name")`,
`unique=True` on a name and `filter(name=...)` stop working across the apps
that use them. See docs/architecture.md, "Translated fields".

    class Category(Translated, models.Model):
        translated_fields = ("name", "description")
        name = models.CharField(...)
        description = models.TextField(...)
        translations = TranslationsField()

    category.localised("name")            # current language, else the default column
    category.localised("name", "zh-hans")
    {{ category.local.name }}             # the same, in templates
    category.set_translation("zh-hans", "name", "科技")
"""


from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def default_language():
    return settings.LANGUAGE_CODE.lower()


def other_languages():
    """(code, name) of every language but the default, in settings.LANGUAGES order."""
    return [(code.lower(), name) for code, name in settings.LANGUAGES
            if code.lower() != default_language()]


def field_suffix(code):
    """'zh-hans' -> 'zh_hans': the suffix of a language's form field (`name_zh_hans`)."""
    return code.lower().replace("-", "_")


class TextEncoder(DjangoJSONEncoder):
    """JSON with the characters themselves, not \\u escapes: SQLite's text search (the
    back office's search box) then finds "科技" in a translation as PostgreSQL does."""

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


class TranslationsField(models.JSONField):
    """{language code: {field name: text}} for the languages after the default one."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("encoder", TextEncoder)
        kwargs.setdefault("verbose_name", _("translations"))
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)  # edited through per-language form fields
        super().__init__(*args, **kwargs)


class Localised:
    """`instance.local.name`: the field in the current language, for templates."""

    def __init__(self, instance):
        self._instance = instance

    def __getattr__(self, field):
        if field.startswith("_"):
            raise AttributeError(field)
        return self._instance.localised(field)


class Translated:
    """Mixin for models with `translated_fields` and a `translations` TranslationsField."""

    translated_fields = ()

    def translation(self, language, field):
        """The text stored for this language, '' when there is none (the default's: its column)."""
        language = (language or "").lower()
        if language == default_language():
            return getattr(self, field)
        return ((self.translations or {}).get(language) or {}).get(field, "")

    def set_translation(self, language, field, text):
        language = language.lower()
        if language == default_language():
            setattr(self, field, text)
            return
        translations = dict(self.translations or {})
        texts = dict(translations.get(language) or {})
        if text:
            texts[field] = text
        else:
            texts.pop(field, None)
        if texts:
            translations[language] = texts
        else:
            translations.pop(language, None)
        self.translations = translations

    def localised(self, field, language=None):
        """The field in `language` (default: the current one), else in the default language."""
        if field not in self.translated_fields:
            raise AttributeError(f"{type(self).__name__}.{field} is not translated")
        language = language or get_language() or default_language()
        return self.translation(language, field) or getattr(self, field)

    @property
    def local(self):
        return Localised(self)


def model_values(model, texts):
    """Constructor arguments from texts keyed `<field>_<language suffix>` (or `<field>`).

    {"name_en": "Analytics", "name_zh_hans": "分析", "key": "analytics"} becomes
    {"name": "Analytics", "translations": {"zh-hans": {"name": "分析"}}, "key": ...}:
    how default texts written per language (consent's, the demo newsroom's) are stored,
    and how a backup made before this scheme (the same column names) is restored.
    """
    values = dict(texts)
    stored = values.get("translations") or {}
    translations = {code: dict(fields) for code, fields in stored.items()}
    default_suffix = field_suffix(default_language())
    for field in model.translated_fields:
        default_key = f"{field}_{default_suffix}"
        if default_key in values:
            values[field] = values.pop(default_key)
        for code, _name in other_languages():
            text = values.pop(f"{field}_{field_suffix(code)}", "")
            if text:
                translations.setdefault(code, {}).setdefault(field, text)
    if translations:
        values["translations"] = translations
    return values
