"""Input/output helpers shared by the stages and the corpus machinery (atomic writes)."""
