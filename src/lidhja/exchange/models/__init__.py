from lidhja.exchange.models.reference import ReferenceImport, ReferenceValue

__all__ = ["ReferenceImport", "ReferenceValue"]
