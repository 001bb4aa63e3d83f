"""Who read which community on which day, recorded below the content apps (docs/reads.md)."""
