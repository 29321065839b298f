"""Results files: scores, ranks and explanations as xlsx, csv or json; totals computed elsewhere."""
