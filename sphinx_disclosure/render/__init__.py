"""Forms and report values → docutils nodes; one module per output concern."""
