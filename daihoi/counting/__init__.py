"""The Party's election rules: pure, exact, no Django (see docs/rules/)."""
