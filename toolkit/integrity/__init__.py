"""What keeps a report and its scored copy honest: who it is for (identity), what the body changed in the
template it was issued (tamper), that a scored copy still holds what the body sent (verify), and the lock
that stops two runs writing one file (locking)."""
