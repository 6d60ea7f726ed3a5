"""Functions whose answers live in Wolfram's online resources: the Wolfram Neural Net
Repository (NetModel), the resource system (ResourceData, ResourceObject,
ResourceFunction), example data and the curated knowledgebase (ExampleData, EntityValue,
CountryData, …).

wlnet has no copy of those resources and reaches no server, so each of these functions
says so by name and gives $Failed, as the Wolfram Language does when a resource cannot be
fetched: a ported program then stops with a message that says why, instead of a generic
"not available" for a function that wlnet could never compute by itself.
"""

from __future__ import annotations

from wlnet.core.expr import S
from wlnet.core.registry import builtin

# head -> the resource the answer comes from (named in the message)
_RESOURCES = {
    "NetModel": "the Wolfram Neural Net Repository",
    "ResourceData": "the Wolfram resource system",
    "ResourceObject": "the Wolfram resource system",
    "ResourceFunction": "the Wolfram Function Repository",
    "ExampleData": "Wolfram's example data collection",
    "EntityValue": "the Wolfram Knowledgebase",
    "CountryData": "the Wolfram Knowledgebase",
    "CityData": "the Wolfram Knowledgebase",
    "ChemicalData": "the Wolfram Knowledgebase",
    "ElementData": "the Wolfram Knowledgebase",
    "FinancialData": "Wolfram's financial data service",
    "WikipediaData": "Wikipedia through Wolfram's servers",
    "WolframAlpha": "Wolfram|Alpha",
}

_MESSAGE = ("`1` needs `2`, which wlnet cannot reach (it works offline and has no copy of "
            "it). Build the net or the data in the program itself, or Import a saved file.")


def _register(name: str, resource: str) -> None:
    def unreachable(ev, *args):
        ev.message(S[name], "offline", S[name], resource)
        return S["$Failed"]

    unreachable.__name__ = name
    builtin(name, attributes=("Protected",), argc=(0, None),
            messages={"offline": _MESSAGE},
            usage=f"{name}[…] fetches its answer from {resource}; wlnet cannot reach it "
                  "and gives $Failed with a message.")(unreachable)


for _name, _resource in _RESOURCES.items():
    _register(_name, _resource)
