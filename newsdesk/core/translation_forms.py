"""Form fields for the languages after the default one: `name_zh_hans` beside `name`.

    class CategoryAdmin(admin.ModelAdmin):
        form = translated_form(Category)
        fields = ["name", "name_zh_hans", ...]   # or translation_field_names(Category)

One form field per translated field and language of settings.LANGUAGES, of the
model field's own form class and length, labelled "name (Simplified Chinese)",
filled from and saved into the instance's `translations`. `required` names the
translated fields every language must have (consent's category names).
"""

from django import forms
from django.conf import settings
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from newsdesk.core.translation import default_language, field_suffix, other_languages


def translation_field_names(model, field=None):
    """The form field names of a model's translations, e.g. ['name_zh_hans', ...]."""
    fields = [field] if field else model.translated_fields
    return [f"{name}_{field_suffix(code)}" for name in fields for code, _name in other_languages()]


def in_language(verbose_name, language_name):
    """"Name (Simplified Chinese)", translated lazily like both of its parts."""
    return format_lazy(_("{field} ({language})"), field=capfirst(verbose_name),
                       language=language_name)


def _form_field(model_field, language_name, required):
    field = model_field.formfield()
    field.required = required
    field.label = in_language(model_field.verbose_name, language_name)
    field.help_text = ""
    return field


def translated_form(model, base=forms.ModelForm, required=()):
    """A ModelForm class for `model` with a field per translated text and other language."""
    declared = {}
    targets = {}
    default_name = dict((code.lower(), name) for code, name in settings.LANGUAGES).get(
        default_language(), default_language())
    for name in model.translated_fields:
        model_field = model._meta.get_field(name)
        for code, language_name in other_languages():
            form_name = f"{name}_{field_suffix(code)}"
            declared[form_name] = _form_field(model_field, language_name, name in required)
            targets[form_name] = (code, name)

    def __init__(self, *args, **kwargs):
        base.__init__(self, *args, **kwargs)
        for form_name, (code, name) in targets.items():
            if form_name not in self.fields:
                continue
            if not self.is_bound:
                self.initial.setdefault(form_name, self.instance.translation(code, name))
            if name in self.fields:  # look like the default language's field (the admin's size)
                self.fields[name].label = in_language(
                    self._meta.model._meta.get_field(name).verbose_name, default_name)
                shown = self.fields[name].widget.attrs
                self.fields[form_name].widget.attrs.update(
                    {key: shown[key] for key in ("class", "cols", "rows", "size") if key in shown})

    def _post_clean(self):
        for form_name, (code, name) in targets.items():
            if form_name in self.cleaned_data:
                self.instance.set_translation(code, name, self.cleaned_data[form_name] or "")
        base._post_clean(self)

    attrs = {**declared, "__init__": __init__, "_post_clean": _post_clean,
             "__module__": model.__module__, "translation_targets": targets}
    if not hasattr(base, "Meta"):
        attrs["Meta"] = type("Meta", (), {"model": model, "fields": "__all__"})
    return type(f"{model.__name__}TranslatedForm", (base,), attrs)


def translation_columns(model, field):
    """Change-list columns showing `field` in each other language (admin list_display)."""
    columns = []
    for code, language_name in other_languages():
        def column(obj, code=code):
            return obj.translation(code, field)

        column.short_description = in_language(model._meta.get_field(field).verbose_name,
                                               language_name)
        column.__name__ = f"{field}_{field_suffix(code)}"
        columns.append(column)
    return columns
