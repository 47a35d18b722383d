"""Rule families of entity mention extraction, each a generator over one sentence.

``pieces`` turns LAC tokens into name pieces (gazetteer places, suffixes, cores);
``institutions`` and ``places`` read names off runs of pieces; ``persons`` filters
LAC's person tags; ``programmes`` decides which quoted or head-worded strings name
a scheme.  ``graph.entities`` runs them all and settles overlaps.
"""
