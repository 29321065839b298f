"""The command line (click): every command of itcriteria."""
