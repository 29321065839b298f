"""Scoring: a regime's plan per unit group, the compiled scorer, reading answers, scorecards, explanations."""
