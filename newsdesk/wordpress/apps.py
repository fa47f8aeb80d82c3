from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WordPressConfig(AppConfig):
    name = "newsdesk.wordpress"
    label = "wordpress"
    verbose_name = _("WordPress import")

    def ready(self):
        from newsdesk.redirects.resolvers import register
        from newsdesk.wordpress.links import guess_old_link

        # Old links that no imported redirect row names exactly (a permalink
        # structure the site used before, /wp-content/uploads/ files) are guessed.
        register(guess_old_link)
