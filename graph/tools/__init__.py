"""What users and notebooks call on a built graph or on gold files: the command line (``cli``),
SPARQL (``query``), SHACL (``validate``), scoring (``evaluate``), loading an export
(``loader``), analysis, plots and notebooks.
"""
