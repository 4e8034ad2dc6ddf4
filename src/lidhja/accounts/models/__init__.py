from lidhja.accounts.models.user import Role, User

__all__ = ["Role", "User"]
