"""Connectors: small classes that reach one kind of system (see :mod:`.base` for the contract).

Built-ins are listed explicitly in :func:`.registry.default_registry`; a third-party
connector (Spark, a warehouse) registers through the same :meth:`ConnectorRegistry.add`.
"""
