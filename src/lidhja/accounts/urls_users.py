from django.urls import path

from lidhja.accounts.views import users

app_name = "users"
urlpatterns = [
    path("", users.user_list, name="list"),
    path("new/", users.user_create, name="create"),
    path("<int:pk>/", users.user_edit, name="edit"),
    path("<int:pk>/password/", users.user_reset_password, name="reset_password"),
    path("<int:pk>/approve/", users.user_approve, name="approve"),
    path(
        "<int:pk>/second-factor/reset/", users.user_reset_second_factor, name="reset_second_factor"
    ),
]
