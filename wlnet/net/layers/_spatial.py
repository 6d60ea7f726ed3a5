"""What convolution and pooling layers share: their spatial settings and their shape rule.

Kernel size, "Stride" and "Dilation" are ``n`` (the same for every spatial dimension) or
``{n1, n2, …}`` (one per dimension); "PaddingSize" is ``n``, ``{n1, …}``, ``{{b1, a1}, …}``
(before and after each dimension) or ``"Same"``.  A layer keeps each setting as given (an
int, a tuple, or "Same") and expands it once the number of spatial dimensions is known: it
may be learnt later, from the input that feeds the layer.

The layer's parameters that this module reads:
  "Dimensionality"  the number of spatial dimensions (1, 2 or 3; a size variable while unknown)
  "$InputSize"      the input's spatial sizes (a SizeList; unknown tail while the rank is)
  "$OutputSize"     the output's spatial sizes
  "Interleaving"    False: channels first, {c, s1, …}; True: channels last, {s1, …, c},
                    where s1 may be a sequence's varying length (see "varying lengths")
  "$InputRank", "$OutputRank"   hidden: with Interleaving, the ports' loose types while the
                    number of spatial dimensions is not known (see ``_class_axis``)
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Integer, S, String
from wlnet.kernels.convolution import deconv_output_size, output_size
from wlnet.net.errors import NetSpecError
from wlnet.net.layers._class_axis import class_vectors_type, tie_class_vectors
from wlnet.net.shape import NetTypeError
from wlnet.net.spec import is_symbol
from wlnet.net.types import (
    LengthVar, RealT, SizeList, SizeVar, TensorT, fresh_length, fresh_size, fresh_spatial,
)
from wlnet.net.values import Batch

__all__ = ["spatial_param_value", "dimensionality_value", "interleaving_value", "channel_port",
           "tie_channel_ports", "channels_first", "channels_back", "output_gradient", "show_spatial", "spatial_settings_per_dimension",
           "padding_value", "show_padding", "expand", "expand_padding", "stated_rank",
           "tie_spatial_shapes", "geometry", "unread_ranks", "output_sizes", "tie_output_sizes", "RunGeometry",
           "masked_steps", "output_lengths", "SameShift", "torch_varying", "loosen_first_sizes"]

MAX_RANK = 3


# ---------------------------------------------------------------------------- settings

def _is_list(e) -> bool:
    return type(e) is Expr and e.head is S.List


def _count(e, least: int):
    """A Python int >= least, or None."""
    return e.value if type(e) is Integer and e.value >= least else None


def spatial_param_value(e, name: str, symbol: str, least: int = 1):
    """``n`` or ``{n1, …}`` (1 to 3 entries, each >= least) as an int or a tuple."""
    if _count(e, least) is not None:
        return e.value
    if _is_list(e) and 1 <= len(e.args) <= MAX_RANK:
        values = [_count(a, least) for a in e.args]
        if all(v is not None for v in values):
            return tuple(values)
    kind = "positive" if least > 0 else "non-negative"
    raise NetSpecError("invsetting", e, name, symbol,
                       f"a {kind} integer or a list of 1 to {MAX_RANK} {kind} integers",
                       symbol=symbol)


def dimensionality_value(e, p: dict, symbol: str) -> None:
    """The "Dimensionality" option: Automatic (learnt) or 1, 2 or 3 (into ``p``)."""
    if is_symbol(e, "Automatic"):
        return
    if not (type(e) is Integer and 1 <= e.value <= MAX_RANK):
        raise NetSpecError("invsetting", e, "Dimensionality", symbol, "1, 2, 3 or Automatic",
                           symbol=symbol)
    p["Dimensionality"] = e.value


def interleaving_value(e, symbol: str) -> bool:
    if is_symbol(e, "True") or is_symbol(e, "False"):
        return e.name == "True"
    raise NetSpecError("invsetting", e, "Interleaving", symbol, "True or False", symbol=symbol)


def channel_port(p: dict, sizes: str, channels: str, rank: str) -> TensorT:
    """The type of a port of `p[channels]` channels over the spatial sizes `p[sizes]`:
    channels first, or last with Interleaving (a loose type of rank `p[rank]` while the
    number of spatial dimensions is not known)."""
    if p["Interleaving"]:
        return class_vectors_type(p[sizes], p[channels], p[rank])
    return TensorT((p[channels],) + p[sizes].dims, RealT, p[sizes].tail)


def refused_sequence(p: dict, port: str, given, symbol: str):
    """The message for a sequence given to a channels-first layer (its first dimension,
    the channels, cannot vary), or None."""
    from wlnet.net.types import LengthVar
    if p.get("Interleaving") or not isinstance(given, TensorT) or not given.dims \
            or not isinstance(given.dims[0], LengthVar):
        return None
    return NetSpecError("chvary", symbol, port, symbol=symbol)


def tie_channel_ports(p: dict, u, ports, symbol: str = "") -> None:
    """With Interleaving, tie each port's loose type to its sizes and channels (`ports`:
    (sizes, channels, rank) parameter names, as for `channel_port`); a port of rank 1 (a
    sequence of numbers: "Varying") has no channels after its spatial dimensions."""
    if p["Interleaving"]:
        for sizes, channels, rank in ports:
            loose = u.resolve(TensorT((), RealT, p[rank]))
            if symbol and loose.tail is None and len(loose.dims) < 2:
                raise NetSpecError("spatialdims", symbol, len(loose.dims), symbol=symbol)
            tie_class_vectors(u, p[sizes], p[channels], p[rank])


def unread_ranks(p: dict, ports) -> tuple:
    """The rank parameters of ``ports`` (as for `channel_port`) that channels-first ports
    never read (LayerSpec.unread_params)."""
    return () if p["Interleaving"] else tuple(rank for _, _, rank in ports)


def channels_first(x, interleaving: bool):
    """A batch (B, s1, …, c) as (B, c, s1, …) for the kernels (contiguous); as it is when
    the channels are first already."""
    return np.ascontiguousarray(np.moveaxis(x, -1, 1)) if interleaving else x


def channels_back(x, interleaving: bool):
    """The inverse of `channels_first`."""
    return np.ascontiguousarray(np.moveaxis(x, 1, -1)) if interleaving else x


def output_gradient(d, shape: tuple, interleaving: bool, dtype):
    """An incoming output gradient channels first; zeros of `shape` (channels first: the
    output's in the kernels' layout) when none came."""
    if d is None:
        return np.zeros(shape, dtype)
    return channels_first(np.asarray(d, dtype), interleaving)


def show_spatial(value):
    if isinstance(value, int):
        return Integer(value)
    return Expr.from_args(S.List, (Integer(v) for v in value))


def spatial_settings_per_dimension(p: dict, name: str, value):
    """A spatial setting's WL form ``value`` as WL gives it once the number of spatial
    dimensions is known: one entry per dimension ("KernelSize" 5 in 2-D: {5, 5};
    "PaddingSize" 1: {{1, 1}, {1, 1}}, {1, 2}: {{1, 1}, {2, 2}})."""
    rank = p.get("Dimensionality")
    if not isinstance(rank, int) or name not in ("KernelSize", "Stride", "Dilation", "PaddingSize"):
        return value
    setting = p[name]
    if name == "PaddingSize":
        if setting == "Same" or (isinstance(setting, tuple) and isinstance(setting[0], tuple)):
            return value
        sizes = (setting,) * rank if isinstance(setting, int) else setting
        return show_padding(tuple((n, n) for n in sizes))
    return show_spatial((setting,) * rank) if isinstance(setting, int) else value


def entries_text(n: int) -> str:
    """"1 entry", "2 entries": how many entries a setting should have, for a message."""
    return f"{n} entry" if n == 1 else f"{n} entries"


def padding_value(e, symbol: str, name: str = "PaddingSize"):
    """A PaddingSize setting: n, {n1, …}, {{b1, a1}, …} or "Same" (see the module
    docstring)."""
    if type(e) is String and e.value == "Same":
        return "Same"
    if _is_list(e) and e.args and all(_is_list(a) for a in e.args):
        pairs = [tuple(_count(v, 0) for v in a.args) for a in e.args]
        if len(pairs) <= MAX_RANK and all(len(q) == 2 and None not in q for q in pairs):
            return tuple(pairs)
        raise NetSpecError("invsetting", e, name, symbol,
                           'a non-negative integer n, a list {n1, …}, a list of pairs '
                           '{{before1, after1}, …} or "Same"', symbol=symbol)
    try:
        return spatial_param_value(e, name, symbol, least=0)
    except NetSpecError:
        raise NetSpecError("invsetting", e, name, symbol,
                           'a non-negative integer n, a list {n1, …}, a list of pairs '
                           '{{before1, after1}, …} or "Same"', symbol=symbol) from None


def show_padding(value):
    if value == "Same":
        return String("Same")
    if isinstance(value, tuple) and value and isinstance(value[0], tuple):
        return Expr.from_args(S.List, (show_spatial(q) for q in value))
    return show_spatial(value)


def stated_rank(settings: dict, symbol: str):
    """The number of spatial dimensions that the list-valued settings (name -> value) state,
    or None; a message when two of them disagree."""
    rank, first = None, None
    for name, value in settings.items():
        if not isinstance(value, tuple):
            continue
        if rank is None:
            rank, first = len(value), name
        elif len(value) != rank:
            raise NetSpecError("spatialrank", symbol, first, entries_text(rank), name,
                               len(value), symbol=symbol)
    return rank


def expand(value, rank: int) -> tuple:
    """A setting as one value per spatial dimension (its length was checked against the
    rank by `stated_rank` / `check_rank`)."""
    return (value,) * rank if isinstance(value, int) else tuple(value)


def expand_padding(value, sizes, kernel, stride, dilation, transposed=False) -> tuple:
    """(before, after) per dimension.  "Same" pads so that the output size is the input
    size divided by the stride, rounded up; for a deconvolution (`transposed`: the padding
    is cropped from the output) it crops so that the output size is the input size times
    the stride, as far as the kernel allows.  The odd one goes after; it needs the input
    sizes."""
    if value == "Same":
        pads = []
        for n, k, s, d in zip(sizes, kernel, stride, dilation):
            if transposed:
                total = max((k - 1) * d + 1 - s, 0)
            else:
                total = max((-(-n // s) - 1) * s + (k - 1) * d + 1 - n, 0)
            pads.append((total // 2, total - total // 2))
        return tuple(pads)
    if isinstance(value, tuple) and value and isinstance(value[0], tuple):
        return value
    return tuple((v, v) for v in expand(value, len(kernel)))


# ---------------------------------------------------------------------------- shapes

def tie_spatial_shapes(p: dict, u, symbol: str, settings: dict) -> int | None:
    """Learn the number of spatial dimensions from "Dimensionality", the input or output
    sizes or the list-valued settings, and give both size lists that many entries.
    Returns the rank, or None while it is not known."""
    rank = u.dim(p["Dimensionality"])
    if not isinstance(rank, int):
        for name in ("$InputSize", "$OutputSize"):
            sizes = u.resolve(p[name])
            if sizes.tail is None:
                rank = len(sizes.dims)
                break
        else:
            rank = stated_rank(settings, symbol)
    if rank is None:
        return None
    if not 1 <= rank <= MAX_RANK:
        raise NetSpecError("spatialdims", symbol, rank + 1, symbol=symbol)
    u.unify_dim(p["Dimensionality"], rank)
    for name, value in settings.items():
        if isinstance(value, tuple) and len(value) != rank:
            raise NetSpecError("spatiallen", symbol, name, show_padding(value),
                               entries_text(rank), symbol=symbol)
    varying = _varies(u, p)
    for name in ("$InputSize", "$OutputSize"):
        # a varying first dimension (channels last: {"Varying", …, c}) gives a varying
        # output, of its own length; while not known, channels last, it may still be one
        first = _first_length(u, p[name], varying) or (
            (fresh_spatial(),) if p.get("Interleaving") else ())
        try:
            u.unify_shape(p[name], SizeList(first + tuple(fresh_size() for _ in range(rank - len(first)))))
        except NetTypeError:
            # the rank is known here ("Dimensionality", the settings' lengths): say it
            raise NetSpecError("spatialinrank", symbol, rank, rank + 1,
                               len(u.resolve(p[name]).dims) + 1, symbol=symbol) from None
    return rank


def loosen_first_sizes(p: dict, names=("$InputSize", "$OutputSize")) -> None:
    """For a layer read back from its WL form (SizeT stands for any unknown size): channels
    last, a first spatial size not known yet may again be a sequence's length."""
    if not p.get("Interleaving"):
        return
    for name in names:
        sizes = p[name]
        if sizes.dims and type(sizes.dims[0]) is SizeVar:
            p[name] = SizeList((fresh_spatial(),) + sizes.dims[1:], sizes.tail)


def _varies(u, p) -> bool:
    """Whether the first spatial dimension of the input or output is a sequence's."""
    return any(isinstance(dims[0], LengthVar) for dims in
               (u.resolve(p[name]).dims for name in ("$InputSize", "$OutputSize")) if dims)


def _first_length(u, sizes, varying: bool) -> tuple:
    """(its LengthVar,) for a size list whose first dimension varies (a fresh one when only
    the other port's does), else ()."""
    if not varying:
        return ()
    dims = u.resolve(sizes).dims
    return (dims[0],) if dims and isinstance(dims[0], LengthVar) else (fresh_length(),)


def geometry(p: dict, rank: int, sizes, transposed=False) -> tuple:
    """(kernel, stride, padding pairs, dilation), each one entry per spatial dimension, from
    the layer's "KernelSize", "Stride", "PaddingSize" and "Dilation" (a layer without
    dilation has none of that name: 1)."""
    kernel = expand(p["KernelSize"], rank)
    stride = expand(p["Stride"], rank)
    dilation = expand(p.get("Dilation", 1), rank)
    padding = expand_padding(p["PaddingSize"], sizes, kernel, stride, dilation, transposed)
    return kernel, stride, padding, dilation


def output_sizes(p: dict, symbol: str, rank: int, sizes, transposed=False) -> tuple:
    """(geometry (see `geometry`), output sizes) for input spatial `sizes` (a deconvolution's
    when `transposed`); a message when the kernel (dilated) is larger than the padded input,
    or when a deconvolution's crop leaves nothing."""
    found = geometry(p, rank, sizes, transposed)
    return found, tuple(_output_size(found, i, n, symbol, transposed) for i, n in enumerate(sizes))


def _output_size(found: tuple, i: int, n: int, symbol: str, transposed: bool) -> int:
    """The output size along spatial dimension i (from 0) of input size n, for the
    geometry ``found``; a message when nothing is left."""
    kernel, stride, padding, dilation = found
    (before, after), k, d = padding[i], kernel[i], dilation[i]
    if transposed:
        size = deconv_output_size(n, k, stride[i], before, after, d)
        if size < 1:
            raise NetSpecError("cropall", symbol, i + 1, show_spatial((before, after)),
                               size + before + after, symbol=symbol)
    else:
        size = output_size(n, k, stride[i], before, after, d)
        if size < 1:
            raise NetSpecError("kernelfit", symbol, i + 1, d * (k - 1) + 1, k, d,
                               n + before + after, n, show_spatial((before, after)),
                               symbol=symbol)
    return size


_ANY_LENGTH = 1 << 20       # a varying dimension's stand-in while the others' sizes are found


def tie_output_sizes(p: dict, u, symbol: str, rank: int, transposed=False) -> None:
    """Each output size that its input size determines (see `output_sizes`)."""
    sizes = u.resolve(p["$InputSize"]).dims
    varying = bool(sizes) and isinstance(sizes[0], LengthVar)
    if varying:                      # each example's own length, when it runs
        sizes = (_ANY_LENGTH,) + tuple(sizes[1:])
    if not all(isinstance(n, int) for n in sizes):
        return                       # "Same" padding needs every size; rarely partial
    _, outs = output_sizes(p, symbol, rank, sizes, transposed)
    for want, size in list(zip(u.resolve(p["$OutputSize"]).dims, outs))[int(varying):]:
        u.unify_dim(want, size)


class RunGeometry:
    """A layer's geometry for the spatial sizes of the data it is given: a net whose sizes
    are not fixed takes any (WL infers them from the data), so they are known only when it
    runs.  Checked (messages as in inference) and kept per sizes."""

    SETTINGS = ("KernelSize", "Stride", "PaddingSize", "Dilation")

    def __init__(self, p: dict, symbol: str, transposed=False):
        self.p, self.symbol, self.transposed = p, symbol, transposed
        self.rank = p["Dimensionality"]          # a size variable: a layer of any rank
        self.known = {}

    def __call__(self, sizes: tuple) -> tuple:
        """(kernel, stride, padding pairs, dilation) for data of spatial `sizes`."""
        found = self.known.get(sizes)
        if found is None:
            rank = len(sizes)
            if isinstance(self.rank, int) and rank != self.rank and 1 <= rank <= MAX_RANK:
                raise NetSpecError("spatialinrank", self.symbol, self.rank, self.rank + 1,
                                   rank + 1, symbol=self.symbol)
            if not 1 <= rank <= MAX_RANK:
                raise NetSpecError("spatialdims", self.symbol, rank + 1, symbol=self.symbol)
            for name in self.SETTINGS:
                value = self.p.get(name)
                if isinstance(value, tuple) and len(value) != rank:
                    raise NetSpecError("spatiallen", self.symbol, name, show_padding(value),
                                       entries_text(rank), symbol=self.symbol)
            found, _ = output_sizes(self.p, self.symbol, rank, sizes, self.transposed)
            if len(self.known) > 64:
                self.known.clear()
            self.known[sizes] = found
        return found


# ---------------------------------------------------------------------------- varying lengths
#
# With Interleaving -> True the first spatial dimension may be a sequence's ({"Varying", …,
# c}): a batch then has per-example lengths along its axis 1.  The steps past each length
# take part as the padding does (zeros; never the maximum), and the output's lengths are
# each example's own output size along that dimension.

def masked_steps(data, lengths, fill=0.0):
    """``data`` (B, L, …) with the steps past each example's length set to ``fill``."""
    if lengths is None:
        return data
    keep = np.arange(data.shape[1])[None, :] < np.asarray(lengths)[:, None]
    keep = keep.reshape(keep.shape + (1,) * (data.ndim - 2))
    return np.where(keep, data, np.asarray(fill, data.dtype))


def output_lengths(lengths, geometry: RunGeometry, sizes: tuple, symbol: str, transposed=False):
    """Each example's output length along the varying dimension (None: no lengths), from
    the geometry of its own sizes (its length, then the batch's other spatial ``sizes``: a
    "Same" padding depends on the length); a message when the kernel does not fit one."""
    if lengths is None:
        return None
    rest = tuple(sizes[1:])
    size_of = {n: _output_size(geometry((n,) + rest), 0, n, symbol, transposed)
               for n in set(np.asarray(lengths).tolist())}
    return np.asarray([size_of[n] for n in np.asarray(lengths).tolist()], np.int64)


class SameShift:
    """PaddingSize -> "Same" along a varying first dimension with a stride: each example is
    padded for its own length n (its output has Ceiling[n / stride] steps, and the padding
    before it depends on n), not for the batch's longest.  So that one kernel call serves
    the batch, the examples whose padding before is larger than the smallest are shifted
    later in a longer buffer by the difference (the steps they skip are padding), the call
    pads by the smallest before, and its output is cut to the longest output.  Steps are
    axis 1 of the data channels last (as given) and axis 2 of the kernels' layout."""

    def __init__(self, shifts, steps: int, padding: tuple, out_steps: int):
        self.shifts = shifts             # (B,) steps each example moves later
        self.steps = steps               # the steps of the data as given
        self.padding = padding           # (before, after) pairs for the kernel call
        self.out_steps = out_steps       # the longest example's output steps

    @classmethod
    def plan(cls, p: dict, geometry: RunGeometry, found: tuple, sizes: tuple, lengths):
        """The shift for a batch of spatial ``sizes`` and ``lengths`` whose geometry for its
        longest is ``found``; None when every example's padding is the batch's."""
        if lengths is None or p.get("PaddingSize") != "Same" or found[1][0] == 1:
            return None                  # (stride 1: the padding does not depend on n)
        rest, lengths = tuple(sizes[1:]), np.asarray(lengths)
        before_of = {n: geometry((n,) + rest)[2][0][0] for n in set(lengths.tolist())}
        befores = np.asarray([before_of[n] for n in lengths.tolist()], np.int64)
        least = int(befores.min())
        shifts = befores - least
        if not shifts.any() and least == found[2][0][0]:
            return None
        kernel, stride, padding, dilation = found
        s, span = stride[0], (kernel[0] - 1) * dilation[0] + 1
        steps = int(sizes[0]) + int(shifts.max())
        out_steps = max(-(-int(n) // s) for n in before_of)
        after = max(0, (out_steps - 1) * s + span - steps - least)
        return cls(shifts, int(sizes[0]), ((least, after),) + tuple(padding[1:]), out_steps)

    def spread(self, x, fill=0.0):
        """x (B, T, …) → (B, T + the largest shift, …), each example moved by its shift."""
        out = np.full((x.shape[0], self.steps + int(self.shifts.max())) + x.shape[2:], fill, x.dtype)
        for shift in np.unique(self.shifts).tolist():
            rows = self.shifts == shift
            out[rows, shift:shift + self.steps] = x[rows]
        return out

    def gather(self, d):
        """The inverse of `spread` for a gradient (B, T + shift, …) → (B, T, …)."""
        out = np.empty((d.shape[0], self.steps) + d.shape[2:], d.dtype)
        for shift in np.unique(self.shifts).tolist():
            rows = self.shifts == shift
            out[rows] = d[rows, shift:shift + self.steps]
        return out

    def cut(self, out):
        """The kernels' output (B, C, T', …) cut to the longest output's steps."""
        return np.ascontiguousarray(out[:, :, :self.out_steps])

    def uncut(self, d, shape: tuple):
        """An output gradient (B, C, out steps, …) padded with zeros to the kernels' ``shape``."""
        full = np.zeros(shape, d.dtype)
        full[:, :, :self.out_steps] = d
        return full


# ---------------------------------------------------------------------------- torch lowerings
#
# The same layers on torch tensors (the PyTorch backend): channels first for torch's
# functional ops, asymmetric paddings (and crops) done explicitly so that every setting WL
# allows maps exactly.

def torch_channels_first(x, interleaving: bool):
    return x.movedim(-1, 1) if interleaving else x


def torch_channels_back(x, interleaving: bool):
    return x.movedim(1, -1) if interleaving else x


def torch_pad(t, x, pairs, value=0.0):
    """x (B, C, *S) padded by (before, after) per spatial dimension (negative: cropped)."""
    flat = []
    for before, after in reversed(pairs):         # F.pad takes the last dimension first
        flat += [before, after]
    if not any(flat):
        return x
    return t.nn.functional.pad(x, flat, value=value)


def torch_masked_steps(t, data, lengths, fill=0.0):
    """`masked_steps` on torch tensors."""
    if lengths is None:
        return data
    keep = t.arange(data.shape[1], device=data.device)[None, :] < lengths.to(data.device)[:, None]
    keep = keep.reshape(keep.shape + (1,) * (data.dim() - 2))
    return t.where(keep, data, t.full((), fill, dtype=data.dtype, device=data.device))


def torch_varying(t, p, symbol: str, inputs, fill=0.0, transposed=False):
    """(the input channels first, its steps past each length set to ``fill``; the geometry
    (kernel, stride, padding pairs, dilation) to run it with; a function that gives the
    output Batch, channels back, with each example's output length).  "Same" padding on
    varying lengths with a stride: each example's own (`SameShift`)."""
    x = inputs["Input"]
    lengths = x.lengths
    masked = torch_masked_steps(t, x.data, lengths, fill)
    sizes = tuple(masked.shape[1:-1] if p["Interleaving"] else masked.shape[2:])
    geometry = RunGeometry(p, symbol, transposed)
    found = geometry(sizes)
    shift = None if transposed or lengths is None else SameShift.plan(
        p, geometry, found, sizes, lengths.cpu().numpy())
    if shift is not None:
        masked = _torch_spread(t, shift, masked, fill)
        found = found[:2] + (shift.padding,) + found[3:]
    data = torch_channels_first(masked, p["Interleaving"])

    def output(y):
        if shift is not None:
            y = y[:, :, :shift.out_steps]
        y = torch_channels_back(y, p["Interleaving"])
        if lengths is None:
            return Batch(y, None)
        outs = t.as_tensor(output_lengths(lengths.cpu().numpy(), geometry, sizes, symbol,
                                          transposed))
        return Batch(torch_masked_steps(t, y, outs), outs)

    return data, found, output


def _torch_spread(t, shift: SameShift, x, fill):
    """`SameShift.spread` on a torch tensor (differentiable)."""
    shifts = t.as_tensor(shift.shifts, device=x.device)
    out = t.full((x.shape[0], shift.steps + int(shift.shifts.max())) + tuple(x.shape[2:]), fill,
                 dtype=x.dtype, device=x.device)
    for value in np.unique(shift.shifts).tolist():
        rows = shifts == value
        out[rows, value:value + shift.steps] = x[rows]
    return out
