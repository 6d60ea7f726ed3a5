"""The test tree itself: pytest imports a test module outside a package by its file name
alone (rootdir importing), so two such modules of one name stop the whole run at collection
("import file mismatch"); one of them must live in a package (a folder with __init__.py) or
take another name (test_image_builtins.py beside core's test_image.py)."""

from collections import defaultdict
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_modules_outside_packages_have_unique_names():
    by_name = defaultdict(list)
    for path in TESTS.rglob("test_*.py"):
        if not (path.parent / "__init__.py").exists():
            by_name[path.name].append(str(path.relative_to(TESTS)))
    clashes = {name: paths for name, paths in by_name.items() if len(paths) > 1}
    assert not clashes, clashes
