"""Category names and descriptions in other languages move into one `translations` column.

Every `name_zh_hans` / `description_zh_hans` text is kept, as
translations["zh-hans"]; the way back restores the columns from it.
"""

from django.db import migrations, models

import newsdesk.core.translation

MOVED = {"name_zh_hans": ("zh-hans", "name"), "description_zh_hans": ("zh-hans", "description")}


def into_translations(apps, schema_editor):
    Category = apps.get_model("publishing", "Category")
    for category in Category.objects.all():
        translations = dict(category.translations or {})
        for column, (language, field) in MOVED.items():
            text = getattr(category, column)
            if text:
                translations.setdefault(language, {})[field] = text
        category.translations = translations
        category.save(update_fields=["translations"])


def out_of_translations(apps, schema_editor):
    Category = apps.get_model("publishing", "Category")
    for category in Category.objects.all():
        for column, (language, field) in MOVED.items():
            texts = (category.translations or {}).get(language, {})
            setattr(category, column, texts.get(field, ""))
        category.save(update_fields=list(MOVED))


class Migration(migrations.Migration):
    dependencies = [("publishing", "0002_article_pinned")]

    operations = [
        migrations.AddField(
            model_name="category",
            name="translations",
            field=newsdesk.core.translation.TranslationsField(
                blank=True, default=dict, editable=False,
                encoder=newsdesk.core.translation.TextEncoder, verbose_name="translations",
            ),
        ),
        migrations.RunPython(into_translations, out_of_translations, elidable=False),
        migrations.RemoveField(model_name="category", name="name_zh_hans"),
        migrations.RemoveField(model_name="category", name="description_zh_hans"),
        migrations.AlterField(
            model_name="category",
            name="name",
            field=models.CharField(
                help_text="In the site's default language; each other language's name is shown "
                          "in its interface, and an empty one means this name.",
                max_length=100, verbose_name="name",
            ),
        ),
    ]
