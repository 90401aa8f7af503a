"""A clerk's repeated ``bulletin-docs build`` into work for one warm background process.

A cold build pays for importing python-docx, docxtpl, reportlab, Pillow and PyYAML and for
opening the template and the fonts; a process that stays alive pays that once. After an
in-process build the command line starts :mod:`.server` in the background (loopback only,
its address and key in a file only the user can read, in the cache folder); the next
``build`` hands its arguments, working folder and environment to it (:mod:`.client`) and
prints what it printed. The outputs are the same bytes: the server runs the same
``cli.main`` in the same installation (:mod:`.fingerprint`), one build at a time.
"""
