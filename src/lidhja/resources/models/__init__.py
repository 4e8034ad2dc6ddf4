from lidhja.resources.models.resource import ExchangeRate, ResourcePlanLine

__all__ = ["ExchangeRate", "ResourcePlanLine"]
