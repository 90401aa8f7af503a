"""The native PDF: a Bulletin drawn with reportlab into the same page as the .docx."""
