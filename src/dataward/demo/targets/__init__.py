"""Where the demo is built: SQLite files in a folder, or databases on a PostgreSQL server."""
