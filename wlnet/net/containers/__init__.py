"""Containers: NetChain (chain.py) and NetGraph (graph.py)."""
