"""The NOT-neuron warm-up (module 3, practice set 2): one tanh neuron that inverts a bit."""
