"""The credentials report (báo cáo thẩm tra tư cách đại biểu) of a congress: one content
model (`CredentialsReport`) that the page renders and that `credentials_report_docx` writes
as a Party-format .docx, split by family:

- content: the fixed words and the dataclasses of the content model;
- roster: reading the roster into it (`report_context`);
- text: the Vietnamese text blocks (what the report says, in order);
- docx: the .docx rendering (`render_docx`, `credentials_report_docx`).

The names the views and tests use are re-exported here.
"""

from daihoi.delegates.documents.credentials_report.content import TABLE_HEADER, Text
from daihoi.delegates.documents.credentials_report.docx import (
    credentials_report_docx,
    render_docx,
)
from daihoi.delegates.documents.credentials_report.roster import report_context

__all__ = [
    "TABLE_HEADER",
    "Text",
    "credentials_report_docx",
    "render_docx",
    "report_context",
]
