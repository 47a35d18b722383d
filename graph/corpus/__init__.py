"""Corpus machinery around the per-article function: the build (``build``), worker processes
(``parallel``), the per-article cache (``cache``) and its JSON codec (``record_json``), and
duplicate bodies (``dedup``).
"""
