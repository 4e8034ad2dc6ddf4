from lidhja.justice.models.offences import Offence, OffenceTable
from lidhja.justice.models.proceeding import (
    AssetRecord,
    Defendant,
    Proceeding,
    Stage,
    VictimLink,
)

__all__ = [
    "AssetRecord",
    "Defendant",
    "Offence",
    "OffenceTable",
    "Proceeding",
    "Stage",
    "VictimLink",
]
