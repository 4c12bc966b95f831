from django.urls import path

from riskassess.register import views

app_name = "register"
urlpatterns = [
    path("", views.record_list, name="records"),
    path("<int:pk>/", views.record_detail, name="record"),
    path("notices/", views.notice_list, name="notices"),
    path("notices/<int:pk>/read", views.notice_read, name="notice_read"),
]
