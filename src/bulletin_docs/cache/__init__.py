"""What a cold build recomputes, kept between processes in the user's cache folder.

``location`` (where the folder is, and whether the cache is on), ``store`` (entries written
atomically, checked on reading, the folder's size bounded) and ``photos`` (prepared photos
by their bytes' hash). Parsed fonts are kept by ``pdf/facecache.py`` and converted CFF
faces by ``pdf/cff.py``, compiled templates by ``docx/render.py``, all through ``store``.
Nothing is imported here: ``import bulletin_docs`` stays fast.
"""
