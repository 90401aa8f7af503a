"""An issue file (YAML, format v1) into a validated Bulletin, and the files around it.

The stages, each its own module:

- ``compose`` — YAML text into positioned ``nodes`` (safe, refused tags, bounded
  aliases); ``messages`` says the parser's complaints in Chinese;
- ``validate`` — nodes into the immutable model (``fields`` for values,
  ``sections`` for sections, articles and photos, ``keys`` the one table of keys,
  ``markup`` for bodies' paragraphs and **bold** spans), every error collected;
- ``placeholders`` (for ``check``), ``nextissue`` (for ``new``) and ``schema``
  (the shipped JSON Schema, for editors).
"""
