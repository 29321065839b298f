"""The criteria-set model: frozen values for indicators, criteria and submissions, with their checks."""
