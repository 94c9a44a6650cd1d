"""The repository, one part per aggregate. Screens and commands call these; none write SQL."""
