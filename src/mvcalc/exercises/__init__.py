"""Question generators: seeded, each with its answer, buggy answers, hints and solution."""
