"""Service: cases, solutions and knowledge articles."""
