"""Programming assignments: starter files, reference solutions, a sandboxed checker."""
