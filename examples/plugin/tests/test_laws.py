"""The standard laws of itcriteria.testing.check_regime hold for every regime this plugin registers."""

itcriteria_regimes = ["itcriteria-myprovince"]
