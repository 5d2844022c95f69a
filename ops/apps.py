from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the product: request logging and ids, health and metrics, the read-replica router,
    backups. It reads every other app and is imported by none."""

    name = "ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        from ops import logcontext

        logcontext.connect_task_signals()
