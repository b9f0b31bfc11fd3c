"""The sheets `score` adds, as plain data: what to write, not how a workbook library writes it."""
