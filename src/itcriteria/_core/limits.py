"""Every bound on untrusted input, in one place (the docs' "Security and limits" page lists them).

Input files, forms and rules come from people outside the host: each limit turns an oversized or
deeply nested input into a clear error before it costs time or memory. The rule language's own bounds
are :class:`itcriteria.expressions.ExpressionLimits`.
"""

from __future__ import annotations

from typing import Final

_MIB: Final = 1024 * 1024

#: Largest file read as a form (xlsx, csv or json) or as a JSON file of forms, in bytes.
MAX_FORM_BYTES: Final = 20 * _MIB
#: Largest round file, in bytes.
MAX_ROUND_BYTES: Final = 20 * _MIB
#: Largest regime file (TOML), in bytes.
MAX_REGIME_BYTES: Final = 2 * _MIB
#: Largest totals file (CSV) ranked with ``rank --totals``, in bytes.
MAX_TOTALS_BYTES: Final = 20 * _MIB

#: An xlsx file is a zip archive: at most this many entries ...
MAX_XLSX_ENTRIES: Final = 1000
#: ... at most this many bytes once uncompressed, all entries together ...
MAX_XLSX_UNCOMPRESSED: Final = 200 * _MIB
#: ... and no entry larger than this many times its compressed size (a zip bomb's signature).
MAX_XLSX_RATIO: Final = 200
#: The sheet a form is read from spans at most this many cells from A1 to its last cell: the reader
#: holds a sheet as a dense grid, so two cells far apart would otherwise ask for terabytes.
MAX_XLSX_CELLS: Final = 1_000_000

#: Longest CSV field, in characters.
MAX_CSV_FIELD: Final = 100_000
#: Most columns in one CSV row.
MAX_CSV_COLUMNS: Final = 64

#: Deepest nesting of JSON arrays and objects.
MAX_JSON_DEPTH: Final = 32
#: Longest JSON number, in characters.
MAX_JSON_NUMBER: Final = 100

#: Most criteria (all levels) in one regime.
MAX_CRITERIA: Final = 5000
#: Deepest nesting of criteria (a criterion, its sub-criteria, theirs ...).
MAX_CRITERIA_DEPTH: Final = 8
#: Deepest nesting of TOML tables and arrays in a regime file.
MAX_TOML_DEPTH: Final = 32

#: Longest id (unit, group, regime) and longest name, in characters.
MAX_ID: Final = 100
MAX_NAME: Final = 1000
