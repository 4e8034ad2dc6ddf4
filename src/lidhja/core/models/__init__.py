from lidhja.core.models.health import HealthProbe

__all__ = ["HealthProbe"]
