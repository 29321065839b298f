"""The end of a round: the results decision's annex as PDF or HTML, and the round's charts.

Needs the ``publish`` extra (``pip install 'itcriteria[publish]'``): Typst typesets the PDF, Altair
and vl-convert draw the charts, Be Vietnam Pro is the font.
"""

from ._annex import Document, annex_data
from ._charts import Chart, charts
from ._command import publish_command
from ._publish import publish, write_charts

__all__ = ["Chart", "Document", "annex_data", "charts", "publish", "publish_command", "write_charts"]
