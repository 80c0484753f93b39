"""Privacy gate (隐私审查): find and mask personal data before a document, attachment, message or penalty
notice is published.

`scanner` is pure and cheap to import; `extract` (PDF/DOCX/XLSX/text) pulls in pypdf, python-docx and
openpyxl, so import `gongkai.privacy.extract.scan_file` where files are checked.
"""

from gongkai.privacy.scanner import KIND_LABELS, Hit, Kind, redact_text, scan_text

__all__ = ["KIND_LABELS", "Hit", "Kind", "redact_text", "scan_text"]
