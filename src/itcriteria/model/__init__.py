"""The criteria-set model: frozen values for indicators, criteria and submissions; no behaviour beyond checks."""
