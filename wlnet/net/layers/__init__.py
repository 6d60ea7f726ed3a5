"""One layer per module; each registers its spec with wlnet.net.registry.register."""
