"""Scoring a graph against gold annotations, and each rule's confidence measured from those scores."""
