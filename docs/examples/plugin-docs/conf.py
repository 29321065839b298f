"""Sphinx configuration of the example plugin's documentation: a criteria book per regime."""

project = "itcriteria-myprovince"
extensions = ["myst_parser", "itcriteria.sphinxext"]
html_theme = "furo"
exclude_patterns = ["_build"]
nitpicky = True
