"""The Word side: the layout profile into a .docx template, a Bulletin into a .docx."""
