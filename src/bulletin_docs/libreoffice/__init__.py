"""LibreOffice's rendering: a .docx into a PDF through soffice, with its fonts and .docx fixes.

``calibration`` (what LibreOffice 7.4 does unlike Word, measured), ``fontconfig`` (CJK font
aliases), ``docxfix`` (the copy of a .docx it converts), ``process`` (soffice's process
group and its kill on a timeout) and ``convert`` (the conversion). Nothing is imported
here: ``layout.py`` imports ``calibration``, which must not pull in the rest.
"""
