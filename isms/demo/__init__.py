"""Demo content for `make run`: an organisation, a user per role, and published documents."""
