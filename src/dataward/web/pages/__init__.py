"""The page routers: ``public_*`` for the privacy center, ``console_*`` for the staff."""
