"""Relation extraction by family, each rule a small generator over an :class:`~graph.rel.view.ArticleView`.

Families: posts (holds_post), structure (sub_organisation_of and located_in read from how
names nest), places (located_in of bodies of a known place, verbs of
location), actions (runs, part_of), partners (partner_of, member_of).  Each yields
:class:`~graph.rel.found.Found` candidates; :func:`graph.relations.extract_relations`
merges them into relations with evidence.
"""
