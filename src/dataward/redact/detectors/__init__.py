"""The built-in detectors, one module per kind of data."""
