from lidhja.accounts.domain.permissions import permissions_of


def permissions(request):
    """`perms_lidhja` in templates: the names of the permissions the signed-in user holds."""
    return {"perms_lidhja": permissions_of(getattr(request, "user", None))}
