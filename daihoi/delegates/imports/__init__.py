"""Importing a congress's roster from the .xlsx the secretariat keeps (issue 9), one module
per family.

The same three steps as the candidate list's import (elections.imports):
1. `read_rows` (reading) reads the first sheet into RawDelegateRows; a problem with the whole
   file raises RosterFileError. Sizes are bounded before openpyxl parses anything.
2. `check_rows` (checking) checks every row on its own and against the other rows, the
   congress's organization subtree (the unit codes) and its roster as it is now: every
   problem names the row and the column, in the user's language.
3. actions.roster.import_delegates writes all rows or none, with one audit entry.
The rows travel from the preview to the confirmation signed (signing), so the confirmation
writes exactly what was previewed, checked again; nothing is stored in between. The template
workbook and its guide are in template; the columns, the rows and the report in rows.

A formula is refused wherever it stands in a column that is imported ("ô có công thức"):
what Excel shows is not what the file keeps, and a text beginning like a formula (=, +, @,
-x) would become one again in the next export. The "STT" column is never read.
"""

from daihoi.delegates.imports.checking import check_rows
from daihoi.delegates.imports.reading import (
    _rows_from_table,
    looks_like_formula,
    read_rows,
    required_fields,
)
from daihoi.delegates.imports.rows import COLUMNS, FIELDS, RawDelegateRow, RosterFileError
from daihoi.delegates.imports.signing import sign_rows, unsign_rows
from daihoi.delegates.imports.template import template_guide, template_workbook

__all__ = [
    "COLUMNS",
    "FIELDS",
    "RawDelegateRow",
    "RosterFileError",
    "_rows_from_table",
    "check_rows",
    "looks_like_formula",
    "read_rows",
    "required_fields",
    "sign_rows",
    "template_guide",
    "template_workbook",
    "unsign_rows",
]
