"""Database-level guarantees shared by every app: immutable tables and least-privilege roles."""
