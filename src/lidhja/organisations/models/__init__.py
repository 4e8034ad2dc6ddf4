from lidhja.organisations.models.organisation import Kind, Level, Organisation, Qark

__all__ = ["Kind", "Level", "Organisation", "Qark"]
