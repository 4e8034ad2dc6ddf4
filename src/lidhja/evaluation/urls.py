from django.urls import path

from lidhja.evaluation.views import pages

app_name = "evaluation"
urlpatterns = [
    path("", pages.overview, name="overview"),
    path("evaluations/new/", pages.new_evaluation, name="new_evaluation"),
    path("actions/new/", pages.new_action, name="new_action"),
    path("actions/<int:pk>/", pages.move, name="move"),
    path("evaluations/<int:pk>/file/", pages.evaluation_file, name="file"),
]
