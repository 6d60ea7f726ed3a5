"""The README's lists of what a net can hold name exactly what wlnet registers."""
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def _listed(label: str) -> set[str]:
    """The comma-separated names after ``label`` up to the full stop that ends the list."""
    text = " ".join(README.read_text(encoding="utf-8").split())
    match = re.search(re.escape(label) + r"\s*(.*?)\.(?:\s|$)", text)
    assert match, f"the README has no {label!r} list"
    return {name.strip() for name in match.group(1).split(",")}


@pytest.mark.skipif(not README.is_file(), reason="needs the source tree")
def test_readme_lists_every_registered_layer_and_no_other():
    from wlnet.net.registry import all_specs, load_layers
    load_layers()
    registered = {spec.symbol for spec in all_specs()}
    listed = _listed("Layers:")
    assert sorted(registered - listed) == [], "registered layers missing from the README"
    assert sorted(listed - registered) == [], "README names layers that are not registered"
