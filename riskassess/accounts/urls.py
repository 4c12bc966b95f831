from django.urls import path

from riskassess.accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views.otp_verify, name="otp_verify"),
    path("two-factor/set-up/", views.otp_enrol, name="otp_enrol"),
    path("enrol/<str:key>/", views.enrol, name="enrol"),
    path("me/", views.account_me, name="account_me"),
    path("language/", views.set_language, name="set_language"),
    path("manage/", views.accounts_list, name="accounts"),
    path("manage/<int:pk>/", views.account_action, name="account-action"),
]
