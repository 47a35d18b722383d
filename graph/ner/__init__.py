"""Rule families of entity mention extraction; ``graph.entities`` runs them and settles overlaps.

* ``pieces``: LAC tokens re-cut at the joints of names (gazetteer places, place and
  organisation suffixes, post titles, name cores, breaks);
* ``institutions`` and ``places``: organisations and places read off runs of pieces;
* ``persons``: LAC's person tags that look like personal names;
* ``programmes`` and ``quotes``: quoted or head-worded names of schemes, policy documents
  and quoted bodies (“…”行动支部);
* ``lists``: an untagged item of a 、-list takes the type of the other items;
* ``lac_candidates``: LAC's own LOC/ORG words that no rule judged.
"""
