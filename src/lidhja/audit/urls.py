from django.urls import path

from lidhja.audit.views import pages

app_name = "audit"
urlpatterns = [path("", pages.audit_log, name="log")]
