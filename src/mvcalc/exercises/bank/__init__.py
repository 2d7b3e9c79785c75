"""The question bank: one sub-package per module (m1 … m6), one small module per generator or family."""
