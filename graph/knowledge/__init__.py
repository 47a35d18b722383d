"""Domain knowledge every stage reads: the word lists and tables (``lexicon``), the groups of
part-of-speech tags (``postags``) and China's administrative divisions (``gazetteer``).
"""
