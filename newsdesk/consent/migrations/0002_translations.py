"""Consent texts: the English column keeps its text under the plain name, the Chinese
one moves into the `translations` column (core.translation), nothing lost either way.

name_en -> name, name_zh_hans -> translations["zh-hans"]["name"], and so on for the
categories, the policy texts and the declarations' descriptions. The way back
restores the columns from the translations.
"""

from django.db import migrations, models

import newsdesk.core.translation

TEXTS = {
    "cookiecategory": ("name", "description"),
    "consentpolicy": ("banner_title", "banner_text", "opt_out_text", "centre_intro",
                      "policy_intro"),
    "cookiedeclaration": ("description",),
}
LANGUAGE = "zh-hans"  # the one language these columns held beside English


def into_translations(apps, schema_editor):
    for model_name, fields in TEXTS.items():
        model = apps.get_model("consent", model_name)
        for row in model._base_manager.all():
            texts = {field: getattr(row, f"{field}_zh_hans") for field in fields}
            texts = {field: text for field, text in texts.items() if text}
            row.translations = {LANGUAGE: texts} if texts else {}
            row.save(update_fields=["translations"])


def out_of_translations(apps, schema_editor):
    for model_name, fields in TEXTS.items():
        model = apps.get_model("consent", model_name)
        for row in model._base_manager.all():
            texts = (row.translations or {}).get(LANGUAGE, {})
            for field in fields:
                setattr(row, f"{field}_zh_hans", texts.get(field, ""))
            row.save(update_fields=[f"{field}_zh_hans" for field in fields])


def translations_field():
    return newsdesk.core.translation.TranslationsField(
        blank=True, default=dict, editable=False,
        encoder=newsdesk.core.translation.TextEncoder, verbose_name="translations",
    )


def operations():
    found = [migrations.AddField(model_name=name, name="translations", field=translations_field())
             for name in TEXTS]
    # Blank allowed first, so that the way back can re-add the columns to existing rows.
    for name, fields in TEXTS.items():
        for field in fields:
            kind = models.CharField(max_length=120 if name == "consentpolicy" else 60, blank=True) \
                if field in ("name", "banner_title") else models.TextField(blank=True)
            found.append(migrations.AlterField(model_name=name, name=f"{field}_zh_hans",
                                               field=kind))
    found.append(migrations.RunPython(into_translations, out_of_translations, elidable=False))
    for name, fields in TEXTS.items():
        for field in fields:
            found.append(migrations.RemoveField(model_name=name, name=f"{field}_zh_hans"))
            found.append(migrations.RenameField(model_name=name, old_name=f"{field}_en",
                                                new_name=field))
    return found


OPT_OUT_HELP = "Shown instead of the banner text where optional cookies are on by default."
CENTRE_HELP = ("The first paragraph is shown; the others appear under “Show more”. Separate "
               "paragraphs with a blank line.")
# The renamed columns lose "(English)" from their labels: the language is the site's default.
PLAIN_FIELDS = [
    ("cookiecategory", "name", models.CharField(max_length=60, verbose_name="name")),
    ("cookiecategory", "description", models.TextField(verbose_name="description")),
    ("cookiedeclaration", "description",
     models.TextField(blank=True, verbose_name="description")),
    ("consentpolicy", "banner_title", models.CharField(max_length=120, verbose_name="banner title")),
    ("consentpolicy", "banner_text", models.TextField(verbose_name="banner text")),
    ("consentpolicy", "opt_out_text", models.TextField(
        help_text=OPT_OUT_HELP, verbose_name="banner text under the opt-out regime")),
    ("consentpolicy", "centre_intro", models.TextField(
        help_text=CENTRE_HELP, verbose_name="preferences centre introduction")),
    ("consentpolicy", "policy_intro", models.TextField(verbose_name="cookie policy introduction")),
]


class Migration(migrations.Migration):
    dependencies = [("consent", "0001_initial")]

    operations = [
        *operations(),
        *(migrations.AlterField(model_name=model_name, name=name, field=field)
          for model_name, name, field in PLAIN_FIELDS),
    ]
