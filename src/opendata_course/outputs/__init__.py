"""What the site in memory becomes for paper and for a USB key: PDFs,
single-file decks, offline bundles.

PdfUnavailable lives here, not in pdf.py, so that the command line can catch
it without importing WeasyPrint (half a second) for every command."""


class PdfUnavailable(RuntimeError):
    """WeasyPrint or Pango is missing: no PDF can be laid out here."""
