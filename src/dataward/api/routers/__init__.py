"""One router per part of the API, each included by :func:`dataward.api.create_app`."""
