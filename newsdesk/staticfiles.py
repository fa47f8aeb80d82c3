"""django.contrib.staticfiles, with files newsdesk ships nowhere left out of collectstatic.

django-ninja's static folder holds Swagger UI (the API reference uses it) and also
Redoc with its source map (4 MB the site never serves); compressing them with brotli
made every `collectstatic` several times slower. (Swagger UI's own source maps are
kept, since its files name them, but not compressed: WHITENOISE_SKIP_COMPRESS_EXTENSIONS.)
"""

from django.contrib.staticfiles.apps import StaticFilesConfig as DjangoStaticFilesConfig


class StaticFilesConfig(DjangoStaticFilesConfig):
    ignore_patterns = [*DjangoStaticFilesConfig.ignore_patterns, "redoc.standalone.js*"]
