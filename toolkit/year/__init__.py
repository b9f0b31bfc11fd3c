"""A whole assessment year (issue 14): ratings of the period, the batch's summary workbook, appeals."""
