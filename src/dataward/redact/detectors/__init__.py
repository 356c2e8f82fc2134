"""The built-in detectors, one module per kind of data; phone_rules serves the phone one."""
