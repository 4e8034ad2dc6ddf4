"""Django's language switch, which also remembers the choice on a signed-in user's account."""

from django.contrib.auth.decorators import login_not_required
from django.views.i18n import LANGUAGE_QUERY_PARAMETER
from django.views.i18n import set_language as django_set_language

from lidhja.accounts.domain.language import remember_language


@login_not_required
def set_language(request):
    response = django_set_language(request)
    language = request.POST.get(LANGUAGE_QUERY_PARAMETER)
    if request.user.is_authenticated and language:
        remember_language(request.user, language)
    return response
