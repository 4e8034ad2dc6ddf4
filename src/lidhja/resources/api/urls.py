from django.urls import path

from lidhja.resources.api import views

app_name = "resources-api"
urlpatterns = [path("<slug:plan>/lines/", views.ResourceLineList.as_view(), name="lines")]
