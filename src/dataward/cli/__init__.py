"""The command line: a thin shell over the parts. Each command group lives in its own module."""
