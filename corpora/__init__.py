"""Data the project writes itself: the synthetic report generator and the embedded demo corpus."""
