"""Cleaning steps behind :func:`graph.clean.clean_article`, one small module per concern.

``normalize`` (width, spaces, Traditional->Simplified), ``furniture`` (page furniture
lines), ``metadata`` (title/date/source/people lines), ``spam`` (injected tokens),
``htmlmeta`` (HTML main text and <meta> tags), ``lexicon`` (the jieba word list the
spam rules use), ``lines`` (numbered lines), ``resources`` (every regex, precompiled).
"""
