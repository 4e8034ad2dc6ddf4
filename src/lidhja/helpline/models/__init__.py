from lidhja.helpline.models.call import (
    Call,
    CallerType,
    CallLanguage,
    CallOutcome,
    CallTopic,
    HelplineLine,
)

__all__ = ["Call", "CallLanguage", "CallOutcome", "CallTopic", "CallerType", "HelplineLine"]
