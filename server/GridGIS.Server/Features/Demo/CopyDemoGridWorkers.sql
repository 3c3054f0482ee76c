copy grid_worker (id, name, languages, user_name) from stdin (format binary)
