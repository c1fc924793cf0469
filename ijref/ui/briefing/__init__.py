"""Briefings in the app: rendering (PDF, print, ODF, preview) and the Briefings panel.

Rendering: `textdoc` lays the document out (QTextDocument, `html` its rich
text), `paging` paints its pages with header and footer, `export` writes the
files (`odf` the editable document), `recorder` and `pdftext` give the PDF's
text objects their real text, `fonts` checks there is a font for every script.
In the window: `panel` (with `models` and `dialogs`), `output` (preview, print,
background export) and `hosting`, which hangs it all off the window's typed
host. What goes in is built below the UI, in `ijref.briefing`.
"""
