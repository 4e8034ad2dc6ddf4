from lidhja.publication.models.definition import Definition, ReferenceDate, Unit
from lidhja.publication.models.release import Release

__all__ = ["Definition", "ReferenceDate", "Release", "Unit"]
