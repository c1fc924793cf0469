"""Briefings in the app: rendering (PDF, print, ODF, preview) and the Briefings panel.

Rendering: `textdoc` lays the document out (QTextDocument), `paging` paints its
pages with header and footer, `export` writes files, `recorder` and `pdftext`
give the PDF's text objects their real text. What goes in is built below the
UI, in `ijref.briefing`.
"""
