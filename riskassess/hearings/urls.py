from django.urls import path

from riskassess.hearings import views

app_name = "hearings"
urlpatterns = [
    path("", views.index, name="index"),
    path("open", views.open_hearing, name="open"),
    path("invite", views.invite, name="invite"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/extend", views.extend, name="extend"),
    path("<int:pk>/decide", views.decide, name="decide"),
    path("answers/<int:pk>/file", views.answer_file, name="answer_file"),
    path("statements/<int:pk>/file", views.statement_file, name="statement_file"),
    path("statements/<int:pk>/take-over", views.statement_take_over, name="statement_take_over"),
]
