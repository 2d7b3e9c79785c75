"""Training a neuron (module 3, practice set 3): complete ∂C/∂b and watch gradient descent."""
