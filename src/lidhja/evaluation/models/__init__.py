from lidhja.evaluation.models.evaluation import ActionStatus, Evaluation, Rating, RemedialAction

__all__ = ["ActionStatus", "Evaluation", "Rating", "RemedialAction"]
