"""The Backpropagation assignment (module 3): a 1-6-7-2 network learns to draw a heart."""
