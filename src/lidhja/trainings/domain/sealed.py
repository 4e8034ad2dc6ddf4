"""The sealed column of the trainings app joins key rotation: `lidhja cases reencrypt`
re-seals roster members' names with the current key, like the case module's own columns."""

from lidhja.cases.domain import crypto, keys
from lidhja.trainings.models import RosterMember


def _context(row: crypto.SealedRow) -> str:
    return row.context


COLUMNS = [(RosterMember, "sealed_name")]

for _model, _column in COLUMNS:
    if not any(model is _model and column == _column for model, column, _c in keys.SEALED):
        keys.SEALED.append((_model, _column, _context))
