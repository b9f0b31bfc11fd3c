"""The engine between reading and writing: the plain data that passes between the steps (inputs), the
checks that turn a read document into inputs (validation), the numbers counted from lists (measures),
the official formulas (scoring), peer averages (peers) and why a result is provisional (provisional).
No file I/O here."""
