"""Activities: tasks and events (My tasks, All activities)."""
