"""Finding a person across the inventory: the plan, the WHERE clauses, open connectors."""
