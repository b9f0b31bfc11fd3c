"""Running a batch's files on several cores."""
