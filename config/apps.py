from django.contrib.admin.apps import AdminConfig


class DeskAdminConfig(AdminConfig):
    default_site = "config.admin_site.DeskAdminSite"

    def ready(self) -> None:
        super().ready()
        # The first installed app: every form and serializer built after start-up trims invisible text.
        from infra.text import install

        install()
