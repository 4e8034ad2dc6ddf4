from lidhja.indicators.models.indicator import Disaggregation, Indicator, IndicatorValue, Unit

__all__ = ["Disaggregation", "Indicator", "IndicatorValue", "Unit"]
