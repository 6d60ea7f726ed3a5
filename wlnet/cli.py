"""Command-line entry point (the REPL and script runner are built in the front-end work)."""


def main(argv=None) -> int:
    raise SystemExit("wlnet: the command-line front end is not built yet")
