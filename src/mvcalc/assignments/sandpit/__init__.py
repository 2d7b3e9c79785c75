"""Gradient descent in a sandpit (module 5): the learner writes the step rules and watches their walk."""
