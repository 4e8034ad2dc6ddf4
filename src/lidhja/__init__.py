"""Lidhja: information system of a national anti-trafficking framework."""
