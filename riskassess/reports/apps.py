from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "riskassess.reports"
    label = "reports"

    def ready(self) -> None:
        from celery.signals import worker_process_init

        from riskassess.reports.warmup import on_worker_process_init

        worker_process_init.connect(on_worker_process_init, dispatch_uid="riskassess.reports.warm_up")
