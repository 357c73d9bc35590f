"""Quasi-static potentials of surface electrodes on a horizontally layered half-space."""
