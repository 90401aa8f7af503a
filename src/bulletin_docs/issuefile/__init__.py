"""An issue file (YAML, format v1) into a validated Bulletin, and the files around it.

The stages, each its own module:

- ``compose`` — YAML text into positioned ``nodes`` (safe, refused tags, bounded
  aliases, line breaks kept as typed, text dropped after `` #`` warned);
  ``messages`` says the parser's complaints in Chinese at the line to fix;
- ``validate`` — nodes into the immutable model (``fields`` for values,
  ``sections`` for sections, articles and photos, ``keys`` the one table of keys,
  ``markup`` for joined lines, paragraphs, **bold** spans and leads typed twice,
  ``dates`` for the date forms), every error collected;
- ``placeholders`` (for ``check``), ``nextissue`` (for ``new``) and ``schema``
  (the shipped JSON Schema, for editors).
"""
