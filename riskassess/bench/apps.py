from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "riskassess.bench"
    label = "bench"
