"""dataward: write the privacy notice once as policy; enforce it over real databases."""

__version__ = "0.1.0"
