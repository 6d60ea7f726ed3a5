"""List builtins: construction, structure, parts, rearranging, set operations, statistics,
searching by pattern, grouping.  One module per area; importing the package registers them
all (``wlnet.builtins.load_all`` imports this package like any other builtins module).

Builtins that take a function (``Select``, ``SortBy``, ``GroupBy``…) call it through
``ev.apply``; builtins that only build ``f[x]`` (``Array``, ``Outer``, ``Thread``) return the
structure unevaluated and let the evaluator evaluate the result once.  Integer-only fast paths
avoid a call into the evaluator per element where the answer is plain arithmetic.
"""

# In the order of the areas: a module imports only helpers of the areas before it, so the
# builtins are registered in the same order as when this was one module.
from wlnet.builtins.lists import (  # noqa: F401  (imported to register their builtins)
    list_head, construction, structure, part, take_drop, joining, ordering, sets, reshaping,
    totals, searching, counting, grouping, combining, padding, collecting, windows, sequences, folding)
