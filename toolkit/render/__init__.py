"""Pictures of what we write, as a reader of the docs sees it printed (LibreOffice headless, poppler)."""
