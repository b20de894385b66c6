"""The analysis worker subprocess (no Qt): reads a job from its arguments, speaks protocol v1."""
