from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import QueryDict
from django.utils.translation import get_language_info, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from newsdesk.publishing.models import Category
from newsdesk.syndication import conf, search
from newsdesk.syndication.search.text import strip_control


class SearchForm(forms.Form):
    """The reader's search: never invalid, so nothing a reader types leads to an error.

    Unknown categories, languages, orders or pages fall back to their defaults.
    """

    q = forms.CharField(label=_("Search for"), required=False, strip=True)
    category = forms.CharField(label=_("Category"), required=False)
    language = forms.CharField(label=_("Language"), required=False)
    order = forms.CharField(label=_("Order"), required=False)
    page = forms.CharField(required=False)

    ORDER_CHOICES = [
        ("relevance", pgettext_lazy("search order", "Best match")),
        ("newest", pgettext_lazy("search order", "Newest first")),
    ]

    def __init__(self, data=None, **kwargs):
        # Null and control characters would make CharField invalid: drop them instead.
        if data is not None:
            data = {name: strip_control(data.get(name, "")) for name in self.base_fields}
        super().__init__(data, **kwargs)

    def category_choices(self):
        return [(category.slug, str(category)) for category in
                sorted(Category.objects.select_related("parent"), key=str)]

    def language_choices(self):
        return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]

    def clean_category(self):
        slug = self.cleaned_data["category"]
        return slug if slug in dict(self.category_choices()) else ""

    def clean_language(self):
        code = self.cleaned_data["language"]
        return code if code in dict(settings.LANGUAGES) else ""

    def clean_order(self):
        order = self.cleaned_data["order"]
        return order if order in dict(self.ORDER_CHOICES) else "relevance"

    def search(self):
        data = self.cleaned_data
        category_ids = ()
        if data["category"]:
            category_ids = Category.objects.get(slug=data["category"]).descendant_ids()
        return search.search(data["q"], language=data["language"], category_ids=category_ids,
                             order=data["order"])

    def paginate(self, results):
        paginator = Paginator(results, conf.get("SEARCH_PAGE_SIZE"))
        return paginator.get_page(self.cleaned_data["page"])

    def page_query_without_filters(self):
        return self.page_query(1, names=("q",))

    def page_query(self, number, names=("q", "category", "language", "order")):
        """The query string of another page of these results."""
        params = QueryDict(mutable=True)
        for name in names:
            value = self.cleaned_data.get(name)
            if value and not (name == "order" and value == "relevance"):
                params[name] = value
        if number > 1:
            params["page"] = number
        return params.urlencode()
