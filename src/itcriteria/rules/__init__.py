"""The expression language of scoring rules: the allow-list checker and compiler, and the rule functions."""
