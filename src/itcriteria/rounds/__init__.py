"""Rounds: a round of forms with deadlines, appraisal, the year of quarterly rounds, comparisons, reports."""
