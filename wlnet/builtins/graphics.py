"""Graphics and plots: the builtins live in ``wlnet.graphics`` (drawn with matplotlib);
importing them here registers them with the other builtins of the core language."""

from wlnet.graphics import builtins as _graphics_builtins  # noqa: F401
from wlnet.graphics.plots import register as _plots  # noqa: F401
