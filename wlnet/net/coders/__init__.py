"""NetEncoder (encoders.py) and NetDecoder (decoders.py)."""
