from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "riskassess.accounts"
    label = "accounts"
