from django.apps import AppConfig, apps
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "newsdesk.security"
    label = "security"
    verbose_name = _("Security")

    def ready(self):
        from newsdesk.core.roles import EDITOR, grant_on_migrate
        from newsdesk.security import checks, signals, uploads  # noqa: F401

        signals.connect()
        # Every ImageField of every installed model: validated when a form is
        # cleaned, re-encoded without metadata before the row is saved. The
        # validator goes on the field's runtime list, not its definition, so no
        # migration of the owning app changes.
        for model in apps.get_models():
            for field in uploads.image_fields(model):
                if uploads.validate_image not in field.validators:
                    field.validators.append(uploads.validate_image)
                pre_save.connect(uploads.strip_metadata, sender=model,
                                 dispatch_uid=f"security-images-{model._meta.label}")
        grant_on_migrate(EDITOR, ["security.view_auditentry"])
