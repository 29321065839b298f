"""The standard laws of itcriteria.testing.check_regime hold for every regime this plugin registers:
scores within bounds, totals adding up, higher answers never scoring lower, bands covering the range,
ranking independent of input order, repeatable scoring, explanations adding up."""

itcriteria_regimes = ["itcriteria-vn"]
