"""Matrix products and transcendental helpers shared by the kernels.

All matrix products of wlnet's kernels go through Numba's ``np.dot``, which calls the BLAS that
SciPy ships. Calling numpy's own BLAS as well would start a second OpenBLAS thread pool, and on
a small machine the two pools' spinning threads starve each other (measured: a 100x slowdown of
small products with 2 threads). So kernels never use numpy's ``@`` on large arrays; they call
`matmul_into` (or np.dot) inside jitted code.
"""

import math

import numpy as np
from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic, overload

from ._jit import kernel

# Products smaller than this many multiply-adds (with both matrix sides small) are done with
# plain loops: BLAS's call overhead (~0.3 µs) dominates them.
SMALL_PRODUCT = 512
SMALL_SIDE = 96


@kernel
def matmul_into(a, w, out, rows):
    """out[:rows] = a[:rows] @ w  (a: (>=rows, p), w: (p, q), out: (>=rows, q); C-contiguous)."""
    if rows == 0:
        return
    inner = w.shape[0]
    cols = w.shape[1]
    if inner <= SMALL_SIDE and cols <= SMALL_SIDE and rows * inner * cols < SMALL_PRODUCT:
        for j in range(rows):
            for c in range(cols):
                out[j, c] = 0.0
            for l in range(inner):
                a_jl = a[j, l]
                for c in range(cols):
                    out[j, c] += a_jl * w[l, c]
    else:
        np.dot(a[:rows], w, out[:rows])


# --------------------------------------------------------------------------------------------
# General matrix product on flat buffers (BLAS's own interface)
#
# The recurrent kernels keep their matrices in flat buffers and multiply sub-blocks of them
# (the first `active` columns of a step, a step's block inside a whole sequence), which
# np.dot cannot take without copies: it wants whole contiguous arrays.  `gemm` passes offsets
# and leading dimensions straight to the BLAS that Numba's np.dot itself calls
# (`numba_xxgemm` in Numba's helper library, SciPy's OpenBLAS underneath), and can accumulate
# into its result (beta = 1).
# --------------------------------------------------------------------------------------------

@intrinsic
def _xxgemm(typingctx, trans_a, trans_b, m, n, k, alpha, a, a_off, lda, b, b_off, ldb, beta,
            c, c_off, ldc):
    """Column-major BLAS gemm: C = alpha op(A) op(B) + beta C at element offsets of a, b, c.
    trans_*: 0 or 1; alpha and beta are converted to the arrays' dtype."""
    dtype = c.dtype
    if not all(isinstance(x, types.Array) and x.dtype == dtype for x in (a, b, c)) \
            or dtype not in (types.float32, types.float64):
        return None
    kind = ord("s" if dtype == types.float32 else "d")

    def codegen(context, builder, sig, args):
        (ta, tb, m_, n_, k_, alpha_, a_, a_off_, lda_, b_, b_off_, ldb_, beta_, c_, c_off_,
         ldc_) = args
        tys = sig.args
        void_p = ir.IntType(8).as_pointer()
        char = ir.IntType(8)
        intp = context.get_value_type(types.intp)
        fnty = ir.FunctionType(ir.IntType(32), [char, char, char, intp, intp, intp, void_p,
                                                void_p, intp, void_p, intp, void_p, void_p,
                                                intp])
        fn = cgutils.get_or_insert_function(builder.module, fnty, "numba_xxgemm")

        def flag(value, ty):
            value = context.cast(builder, value, ty, types.intp)
            is_t = builder.icmp_signed("!=", value, ir.Constant(intp, 0))
            return builder.select(is_t, ir.Constant(char, ord("t")), ir.Constant(char, ord("n")))

        def as_intp(value, ty):
            return context.cast(builder, value, ty, types.intp)

        def pointer(array, ty, offset, offset_ty):
            data = context.make_array(ty)(context, builder, array).data
            return builder.bitcast(builder.gep(data, [as_intp(offset, offset_ty)]), void_p)

        def scalar_slot(value, ty):
            slot = cgutils.alloca_once_value(builder, context.cast(builder, value, ty, dtype))
            return builder.bitcast(slot, void_p)

        status = builder.call(fn, (
            ir.Constant(char, kind), flag(ta, tys[0]), flag(tb, tys[1]),
            as_intp(m_, tys[2]), as_intp(n_, tys[3]), as_intp(k_, tys[4]),
            scalar_slot(alpha_, tys[5]), pointer(a_, tys[6], a_off_, tys[7]), as_intp(lda_, tys[8]),
            pointer(b_, tys[9], b_off_, tys[10]), as_intp(ldb_, tys[11]),
            scalar_slot(beta_, tys[12]), pointer(c_, tys[13], c_off_, tys[14]),
            as_intp(ldc_, tys[15])))
        del status  # non-zero only when SciPy's BLAS cannot be found, which np.dot shares
        return context.get_dummy_value()

    return types.none(trans_a, trans_b, m, n, k, alpha, a, a_off, lda, b, b_off, ldb, beta, c,
                      c_off, ldc), codegen


@kernel
def gemm(m, n, k, alpha, a, a_off, lda, trans_a, b, b_off, ldb, trans_b, beta, c, c_off, ldc):
    """C = alpha op(A) op(B) + beta C on row-major blocks of flat buffers.

    C is m x n at c[c_off:], row stride ldc; op(A) is m x k: A at a[a_off:] with row stride
    lda, stored m x k (trans_a False) or k x m (True); op(B) is k x n likewise.  beta = 0 does
    not read C.  Small products run as plain loops (BLAS's call costs more than they do).
    """
    if m == 0 or n == 0:
        return
    if k == 0 or (m <= SMALL_SIDE and n <= SMALL_SIDE and m * n * k < SMALL_PRODUCT):
        for i in range(m):
            for j in range(n):
                total = zero_of(c[c_off])         # not c * 0: C may hold NaN garbage
                for p in range(k):
                    av = a[a_off + p * lda + i] if trans_a else a[a_off + i * lda + p]
                    bv = b[b_off + j * ldb + p] if trans_b else b[b_off + p * ldb + j]
                    total += av * bv
                if beta == 0:
                    c[c_off + i * ldc + j] = alpha * total
                else:
                    c[c_off + i * ldc + j] = alpha * total + beta * c[c_off + i * ldc + j]
        return
    # Row-major C = op(A) op(B) is column-major C^T = op(B)^T op(A)^T: the same buffers with
    # the operands swapped.
    _xxgemm(trans_b, trans_a, n, m, k, alpha, b, b_off, ldb, a, a_off, lda, beta, c, c_off, ldc)


# --------------------------------------------------------------------------------------------
# Borrowed views
# --------------------------------------------------------------------------------------------

@intrinsic
def span(typingctx, buffer, start, length):
    """buffer[start:start + length] for a flat C-contiguous buffer, as a view that holds no
    reference to the buffer's memory (the caller's buffer must outlive it, as it does inside
    one kernel call).

    Why: inner loops over rows of the recurrent kernels' buffers only vectorise when they
    index a view from 0 (`buffer[offset + j]` keeps Numba's negative-index test per element);
    a slice view costs two atomic reference-count updates, and with a dozen views per state
    unit and a few slots per row those dominated the GRU's gate loops (seen in perf).
    No bounds are checked: callers compute in-range blocks.
    """
    if not (isinstance(buffer, types.Array) and buffer.ndim == 1 and buffer.layout == "C"):
        return None

    def codegen(context, builder, sig, args):
        array_type = sig.args[0]
        source = context.make_array(array_type)(context, builder, args[0])
        first = context.cast(builder, args[1], sig.args[1], types.intp)
        count = context.cast(builder, args[2], sig.args[2], types.intp)
        view = context.make_array(sig.return_type)(context, builder)
        itemsize = context.get_constant(
            types.intp, context.get_abi_sizeof(context.get_data_type(array_type.dtype)))
        context.populate_array(view, data=builder.gep(source.data, [first]),
                               shape=cgutils.pack_array(builder, [count]),
                               strides=cgutils.pack_array(builder, [itemsize]),
                               itemsize=itemsize, meminfo=None)
        return view._getvalue()

    return buffer(buffer, start, length), codegen


# --------------------------------------------------------------------------------------------
# exp, LogisticSigmoid and Tanh that vectorise, in the dtype of their argument
#
# libm's exp is a scalar call, which stops LLVM from vectorising a loop around it.  These are
# plain arithmetic: Cody-Waite reduction x = k ln2 + r with |r| <= ln2/2, a Taylor polynomial
# in r (degree 7 in float32: truncation < 1.5e-8 relative; degree 12 in float64: < 2e-16), and
# 2^k assembled from its IEEE bits.  Arguments are clamped to the finite range of the result
# (so exp(-inf) is tiny rather than 0); NaN stays NaN.  Measured: float32 exp over 1M values
# 0.18 ms against 1.7 ms for np.exp in a loop, max relative error 2.8e-7.
# They are Numba overloads of plain Python functions (numpy in the interpreter), inlined
# where a kernel calls them.
# --------------------------------------------------------------------------------------------

def fast_exp(x):
    """exp; in kernels, the vectorising version of the argument's float type."""
    return np.exp(x)


def fast_sigmoid(x):
    """LogisticSigmoid; exp(-x) overflowing gives 0."""
    return 1 / (1 + np.exp(-x))


def fast_tanh(x):
    """Tanh."""
    return np.tanh(x)


def gate_tanh(x):
    """Tanh for values added to or multiplied with quantities of order 1 (the recurrent layers'
    gates and states): in float32 2 LogisticSigmoid[2x] - 1, one exp and no branch on |x|,
    to an absolute error of about 1e-7 (its relative error near 0 is larger than fast_tanh's;
    the gate arithmetic is about a third faster); in float64 fast_tanh."""
    return np.tanh(x)


def one_of(x):
    """1 in the float type of x (Numba types 1 - float32 as float64)."""
    return type(x)(1)


def zero_of(x):
    """0 in the float type of x."""
    return type(x)(0)


def float_like(x, value):
    """value (a float) in the float type of x (Numba types 0.5 * float32 as float64)."""
    return type(x)(value)


@intrinsic
def _bits_to_float(typingctx, bits):
    """Reinterpret int32 bits as float32, int64 bits as float64."""
    if bits == types.int32:
        result = types.float32
    elif bits == types.int64:
        result = types.float64
    else:
        return None

    def codegen(context, builder, sig, args):
        return builder.bitcast(args[0], context.get_value_type(result))

    return result(bits), codegen


_F32, _F64 = np.float32, np.float64
_LOG2E = 1.4426950408889634
# ln 2 split so that k * hi is exact: float64 hi has 11 trailing zero bits, float32 hi 12
_LN2_HI, _LN2_LO = 0.6931471803691238, 1.9082149292705877e-10
_LN2_HI32, _LN2_LO32 = _F32(0.693359375), _F32(-2.12194440e-4)
_TAYLOR64 = tuple(1 / math.factorial(i) for i in range(13))
_TAYLOR32 = tuple(_F32(1 / math.factorial(i)) for i in range(8))
# Tanh's odd Taylor series a + t3 a^3 + ... + t13 a^13, used in float32 for |a| < 1/2, where
# (1 - e)/(1 + e) loses relative accuracy to cancellation (next term < 9e-8 relative).
# In float64 the same series serves |a| < 1/8 (next term < 3e-16 relative).
_TANH64 = (1.0, -1 / 3, 2 / 15, -17 / 315, 62 / 2835, -1382 / 155925, 21844 / 6081075)
_TANH32 = tuple(_F32(c) for c in _TANH64)


@intrinsic
def _power_of_two32(typingctx, k):
    """2^k as float32 for an integral float32 k in -126..127, from its IEEE bits in int32
    arithmetic (Numba's integer arithmetic is int64: converting 16 lanes through it took
    about a third of a vectorised exp's instructions)."""
    if k != types.float32:
        return None

    def codegen(context, builder, sig, args):
        i32 = ir.IntType(32)
        exponent = builder.add(builder.fptosi(args[0], i32), ir.Constant(i32, 127))
        return builder.bitcast(builder.shl(exponent, ir.Constant(i32, 23)), ir.FloatType())

    return types.float32(types.float32), codegen


@kernel
def _horner(r, c):
    """c[0] + c[1] r + c[2] r^2 + ... (c a tuple in r's float type; unrolled by LLVM)."""
    p = c[len(c) - 1]
    for i in range(len(c) - 2, -1, -1):
        p = p * r + c[i]
    return p


def _exp32(x):
    x = _F32(88.0) if x > _F32(88.0) else x
    x = _F32(-87.0) if x < _F32(-87.0) else x
    k = np.floor(x * _F32(_LOG2E) + _F32(0.5))
    r = (x - k * _LN2_HI32) - k * _LN2_LO32
    return _horner(r, _TAYLOR32) * _power_of_two32(k)


def _exp64(x):
    x = 708.0 if x > 708.0 else x
    x = -708.0 if x < -708.0 else x
    k = np.floor(x * _LOG2E + 0.5)
    r = (x - k * _LN2_HI) - k * _LN2_LO
    return _horner(r, _TAYLOR64) * _bits_to_float((np.int64(k) + 1023) << 52)


# Below the clamp, where exp(-x) overflows, LogisticSigmoid is 0 (as with libm's exp), not
# the 1/(1 + clamped exp) ~ 1e-38 / 1e-308 the formula would give.
def _sigmoid32(x):
    s = _F32(1) / (_F32(1) + fast_exp(-x))
    return _F32(0) if x < _F32(-88.0) else s          # NaN stays NaN


def _sigmoid64(x):
    s = 1.0 / (1.0 + fast_exp(-x))
    return 0.0 if x < -708.0 else s


def _tanh32(x):
    a = abs(x)
    e = fast_exp(_F32(-2) * a)
    t = (_F32(1) - e) / (_F32(1) + e)
    t = _horner(a * a, _TANH32) * a if a < _F32(0.5) else t
    return t if x >= 0 else -t


def _tanh64(x):
    a = abs(x)
    e = fast_exp(-2.0 * a)
    t = (1.0 - e) / (1.0 + e)
    t = _horner(a * a, _TANH64) * a if a < 0.125 else t
    return t if x >= 0 else -t


def _gate_tanh32(x):
    return _F32(2) / (_F32(1) + fast_exp(_F32(-2) * x)) - _F32(1)


def _by_float_type(f32, f64):
    def typer(x):
        if x == types.float32:
            return f32
        if x == types.float64:
            return f64
        return None
    return typer


overload(fast_exp)(_by_float_type(_exp32, _exp64))
overload(fast_sigmoid)(_by_float_type(_sigmoid32, _sigmoid64))
overload(fast_tanh)(_by_float_type(_tanh32, _tanh64))
overload(gate_tanh)(_by_float_type(_gate_tanh32, _tanh64))
overload(one_of)(_by_float_type(lambda x: _F32(1), lambda x: 1.0))
overload(zero_of)(_by_float_type(lambda x: _F32(0), lambda x: 0.0))
overload(float_like)(lambda x, value: _by_float_type(lambda x, value: _F32(value),
                                                     lambda x, value: float(value))(x))


def _single_threaded_scipy_blas():
    """Make the BLAS that Numba calls single-threaded.

    Parallel kernels split a batch over Numba's threads and each thread calls BLAS on its own
    part; a multi-threaded BLAS underneath would oversubscribe the cores (and OpenBLAS's
    spinning workers starve the other threads). Best effort: without the library, nothing.
    """
    import ctypes
    import glob
    import os

    try:
        import scipy
    except ImportError:
        return
    pattern = os.path.join(os.path.dirname(scipy.__file__), os.pardir, "scipy.libs",
                           "libscipy_openblas*.so*")
    for path in glob.glob(pattern):
        try:
            ctypes.CDLL(path).scipy_openblas_set_num_threads(1)
        except (OSError, AttributeError):
            pass


_single_threaded_scipy_blas()


# --------------------------------------------------------------------------------------------
# LogisticSigmoid and the gates' Tanh over runs of float32, in explicit 16-lane vectors
#
# The LSTM activates each step's gates by flat loops over thousands of values.  Vectorised by
# LLVM, such a loop used 8-lane vectors (its tuning for this Intel core prefers them), the
# degree-7 Taylor exp and a division.  Here 16 values are one vector, and e = exp(-x) is made
# in base 2 in few micro-operations, FMAs where it can be: t = -x log2(e); f = t - floor(t)
# in [0, 1) by AVX-512's VREDUCEPS (one instruction, exact); 2^f by a degree-5 polynomial
# (fitted for least maximum relative error on [0, 1) by Lawson's iteration over Chebyshev
# points: 1.5e-7 relative evaluated in float32); 2^floor(t) applied by scalef, which floors
# its exponent itself; and 1/(1 + e) by the 14-bit reciprocal estimate refined by one Newton
# step (relative error about 2^-28).  The gates' Tanh clamps t to 126 (e finite and normal:
# at infinity the Newton step gives NaN); LogisticSigmoid replaces the values of t >= 126 by
# 0 instead (no clamp).  Without AVX-512 (F and DQ): both clamps, floor, the exponent's bits
# and a division.  Rounding t costs e a relative error of about |t| 2^-24 ln2, which matters
# only where the sigmoid is saturated (its absolute error stays below 2e-8).  13 vector
# operations for LogisticSigmoid, 14 for the Tanh, where the natural-base form (Cody-Waite
# reduction, rint, min/max clamps) took 19 once LLVM contracted its multiplies and adds:
# 2.4-2.6 against 3.5-3.8 ns a vector; what bounded it was the micro-operations of its
# rounding and reciprocal on the two 512-bit ports, not the count of instructions
# (BENCHMARKS.md, lstm14).
# float64 keeps the scalar functions' loops (`logistic_run`).
# --------------------------------------------------------------------------------------------

def _host_has_avx512() -> bool:
    """Whether the code Numba generates may use AVX-512F and DQ (its target's CPU features)."""
    import llvmlite.binding as llvm
    from numba.core import config
    features = set((config.CPU_FEATURES or llvm.get_host_cpu_features().flatten()).split(","))
    return {"+avx512f", "+avx512dq"} <= features


_AVX512 = _host_has_avx512()
# 2^f ~ c0 + c1 f + ... + c5 f^5 on 0 <= f <= 1 (see above; 7.5e-8 relative in float64, 1.5e-7
# with these float32 values and FMAs: less than the same fit on |f| <= 1/2, 2.1e-7, whose
# terms of alternating signs cancel for f < 0)
_EXP2_MINIMAX32 = (0.9999999403953552, 0.6931530833244324, 0.24015361070632935,
                   0.05582631751894951, 0.008989340625703335, 0.0018775766948238015)
_EXPONENT_CLAMP = 126.0             # t of e = 2^t at most this: e and 1 + e finite, normal
_LANES = 16
_V16 = ir.VectorType(ir.FloatType(), _LANES)


def _splat16(value):
    return ir.Constant(_V16, [float(value)] * _LANES)


def _llvm_function(module, name, result, arguments):
    return cgutils.get_or_insert_function(module, ir.FunctionType(result, arguments), name)


def _fma16(builder, a, b, c):
    """IR: a * b + c, one rounding (vectors of 16 float32)."""
    fma = _llvm_function(builder.module, "llvm.fma.v16f32", _V16, [_V16] * 3)
    return builder.call(fma, [a, b, c])


def _logistic16(builder, x, tanh):
    """IR: LogisticSigmoid of the 16 float32 values of x (a vector), or the gates' Tanh
    (2 LogisticSigmoid[2x] - 1, as `gate_tanh`) when `tanh` (see above)."""
    module = builder.module
    i32, i16 = ir.IntType(32), ir.IntType(16)
    all_lanes, current_rounding = ir.Constant(i16, -1), ir.Constant(i32, 4)
    t = builder.fmul(x, _splat16(_F32((-2.0 if tanh else -1.0) * _LOG2E)))
    high = _splat16(_EXPONENT_CLAMP)
    unclamped = t
    if tanh or not _AVX512:     # (LogisticSigmoid's large t are replaced by 0 at the end)
        # (an ordered comparison: NaN is kept, and stays NaN to the end)
        t = builder.select(builder.fcmp_ordered(">", t, high), high, t)
    if _AVX512:
        # f = t - floor(t) by one instruction (VREDUCEPS, rounding down), and 2^floor(t)
        # applied by scalef, which floors its exponent itself; t = -inf gives f = 0 and e = 0
        reduce = _llvm_function(module, "llvm.x86.avx512.mask.reduce.ps.512", _V16,
                                [_V16, i32, _V16, i16, i32])
        f = builder.call(reduce, [t, ir.Constant(i32, 1), _splat16(0), all_lanes,
                                  current_rounding])
    else:
        low = _splat16(-_EXPONENT_CLAMP)
        t = builder.select(builder.fcmp_ordered("<", t, low), low, t)
        k = builder.call(_llvm_function(module, "llvm.floor.v16f32", _V16, [_V16]), [t])
        f = builder.fsub(t, k)
    p = _splat16(_EXP2_MINIMAX32[-1])
    for c in _EXP2_MINIMAX32[-2::-1]:
        p = _fma16(builder, p, f, _splat16(c))
    if _AVX512:
        scalef = _llvm_function(module, "llvm.x86.avx512.mask.scalef.ps.512", _V16,
                                [_V16, _V16, _V16, i16, i32])
        e = builder.call(scalef, [p, t, _splat16(0), all_lanes, current_rounding])
    else:
        ivector = ir.VectorType(i32, _LANES)
        exponent = builder.add(builder.fptosi(k, ivector), ir.Constant(ivector, [127] * _LANES))
        e = builder.fmul(p, builder.bitcast(
            builder.shl(exponent, ir.Constant(ivector, [23] * _LANES)), _V16))
    denominator = builder.fadd(e, _splat16(1.0))
    if _AVX512:
        rcp14 = _llvm_function(module, "llvm.x86.avx512.rcp14.ps.512", _V16, [_V16, _V16, i16])
        estimate = builder.call(rcp14, [denominator, _splat16(0), all_lanes])
        # one Newton step: y (2 - d y)
        y = builder.fmul(estimate, _fma16(builder, builder.fneg(denominator), estimate,
                                          _splat16(2.0)))
    else:
        y = builder.fdiv(_splat16(1.0), denominator)
    if tanh:
        y = _fma16(builder, y, _splat16(2.0), _splat16(-1.0))
    else:       # where e is past the clamp, LogisticSigmoid is 0 (as `fast_sigmoid`; -inf
        # too): there e may be infinite, and the Newton step NaN
        y = builder.select(builder.fcmp_ordered(">=", unclamped, high), _splat16(0), y)
    return y


class _Lanes:
    """An intrinsic's masked 16-lane float32 loads and stores at element offsets of its
    array arguments, the first `count` (<= 16) lanes."""

    def __init__(self, context, builder, sig, args, count_index):
        self.context, self.builder, self.sig, self.args = context, builder, sig, args
        i32 = ir.IntType(32)
        ivector = ir.VectorType(i32, _LANES)
        mask_type = ir.VectorType(ir.IntType(1), _LANES)
        module = builder.module
        self._load = _llvm_function(module, "llvm.masked.load.v16f32.p0", _V16,
                                    [_V16.as_pointer(), i32, mask_type, _V16])
        self._store = _llvm_function(module, "llvm.masked.store.v16f32.p0", ir.VoidType(),
                                     [_V16, _V16.as_pointer(), i32, mask_type])
        count = builder.trunc(context.cast(builder, args[count_index], sig.args[count_index],
                                           types.int64), i32)
        lanes = builder.shuffle_vector(
            builder.insert_element(ir.Constant(ivector, ir.Undefined), count,
                                   ir.Constant(i32, 0)),
            ir.Constant(ivector, ir.Undefined), ir.Constant(ivector, [0] * _LANES))
        self.mask = builder.icmp_signed("<", ir.Constant(ivector, list(range(_LANES))), lanes)
        self.align = ir.Constant(i32, 4)

    def offset(self, index):
        return self.context.cast(self.builder, self.args[index], self.sig.args[index],
                                 types.intp)

    def pointer(self, array_index, offset):
        """&array[offset] as a vector pointer (offset an intp value)."""
        data = self.context.make_array(self.sig.args[array_index])(
            self.context, self.builder, self.args[array_index]).data
        return self.builder.bitcast(self.builder.gep(data, [offset]), _V16.as_pointer())

    def load(self, array_index, offset):
        return self.builder.call(self._load, [self.pointer(array_index, offset), self.align,
                                              self.mask, _splat16(0)])

    def store(self, value, array_index, offset):
        self.builder.call(self._store, [value, self.pointer(array_index, offset), self.align,
                                        self.mask])


def _float32_arrays(*arrays):
    return all(isinstance(a, types.Array) and a.dtype == types.float32 for a in arrays)


def _logistic_intrinsic(tanh: bool, multiply: bool):
    """The intrinsic for up to 16 float32 values: dst[d + j] = f(src[s + j]) (times
    mul[m + j] when `multiply`) for j < count (<= 16), f = LogisticSigmoid, or the gates'
    Tanh when `tanh` (`_logistic16`)."""

    def typer(typingctx, src, s, dst, d, count, mul, m):
        if not _float32_arrays(src, dst, mul):
            return None

        def codegen(context, builder, sig, args):
            lanes = _Lanes(context, builder, sig, args, 4)
            y = _logistic16(builder, lanes.load(0, lanes.offset(1)), tanh)
            if multiply:
                y = builder.fmul(y, lanes.load(5, lanes.offset(6)))
            lanes.store(y, 2, lanes.offset(3))
            return context.get_dummy_value()

        return types.none(src, s, dst, d, count, mul, m), codegen

    return intrinsic(typer)


_sigmoid16 = _logistic_intrinsic(False, False)
_gate_tanh16 = _logistic_intrinsic(True, False)
_gate_tanh_times16 = _logistic_intrinsic(True, True)


# The LSTM's cell update f*c + i*m: one FMA after the product i*m, the rounding that every
# path of the layer shares (training's and inference's, flat or unit by unit), so that they
# give the same bits.  An inference step activates the gates i, f and m and updates the cell
# states in one pass over each 16 values, then activates o and makes the states o*Tanh[c] in
# a second (`lstm_state_run`): no gate is stored or read back, the cell states are read and
# written once.  (One pass for all was slower: 2.8 against 2.1-2.2 us a step of (64, 5, 11,
# 40), its five activations in a row too long a chain for the out-of-order window; o in the
# first pass, stored, 2.15-2.27; four passes, as training's, 3.3 us.)

def _lstm_cell16(builder, i, f, m, c):
    return _fma16(builder, f, c, builder.fmul(i, m))


def _gate_offsets(lanes, builder, base_index, stride_index):
    """The offsets of the four gates' values (rows i, o, f, m, `stride` apart) from base."""
    base, stride = lanes.offset(base_index), lanes.offset(stride_index)
    return [builder.add(base, builder.mul(stride, ir.Constant(base.type, r))) for r in range(4)]


@intrinsic
def _lstm_cells16(typingctx, gates, g, stride, cells, c0, c1, count):
    """cells[c1 + j] = f*cells[c0 + j] + i*m for j < count (<= 16), the gates' values at
    g + r*stride (rows i, o, f, m)."""
    if not _float32_arrays(gates, cells):
        return None

    def codegen(context, builder, sig, args):
        lanes = _Lanes(context, builder, sig, args, 6)
        at_i, _, at_f, at_m = _gate_offsets(lanes, builder, 1, 2)
        c = _lstm_cell16(builder, lanes.load(0, at_i), lanes.load(0, at_f), lanes.load(0, at_m),
                         lanes.load(3, lanes.offset(4)))
        lanes.store(c, 3, lanes.offset(5))
        return context.get_dummy_value()

    return types.none(gates, g, stride, cells, c0, c1, count), codegen


@intrinsic
def _lstm_step_cells16(typingctx, work, w, stride, cells, c, count):
    """For j < count (<= 16), from the pre-activations at w + r*stride (rows i, o, f, m):
    the gates i, f (LogisticSigmoid) and m (the gates' Tanh), and the cell state
    cells[c + j] updated in place."""
    if not _float32_arrays(work, cells):
        return None

    def codegen(context, builder, sig, args):
        lanes = _Lanes(context, builder, sig, args, 5)
        at_i, _, at_f, at_m = _gate_offsets(lanes, builder, 1, 2)
        i, f = (_logistic16(builder, lanes.load(0, at), False) for at in (at_i, at_f))
        m = _logistic16(builder, lanes.load(0, at_m), True)
        at_c = lanes.offset(4)
        lanes.store(_lstm_cell16(builder, i, f, m, lanes.load(3, at_c)), 3, at_c)
        return context.get_dummy_value()

    return types.none(work, w, stride, cells, c, count), codegen


@intrinsic
def _lstm_step_states16(typingctx, work, w, cells, c, dst, d, count):
    """For j < count (<= 16): the output gate LogisticSigmoid[work[w + j]] times the gates'
    Tanh of cells[c + j] into dst[d + j] (as `gate_tanh_times_run`'s product)."""
    if not _float32_arrays(work, cells, dst):
        return None

    def codegen(context, builder, sig, args):
        lanes = _Lanes(context, builder, sig, args, 6)
        o = _logistic16(builder, lanes.load(0, lanes.offset(1)), False)
        tanh_c = _logistic16(builder, lanes.load(2, lanes.offset(3)), True)
        lanes.store(builder.fmul(tanh_c, o), 4, lanes.offset(5))
        return context.get_dummy_value()

    return types.none(work, w, cells, c, dst, d, count), codegen


def logistic_run(src, s, dst, d, count, tanh):
    """dst[d + j] = LogisticSigmoid[src[s + j]] (or `gate_tanh` when `tanh`) for j < count,
    flat buffers (dst may be src: in place); in kernels only."""


def gate_tanh_times_run(src, s, mul, m, dst, d, count):
    """dst[d + j] = mul[m + j] * gate_tanh(src[s + j]) for j < count; in kernels only."""


@overload(logistic_run)
def _logistic_run(src, s, dst, d, count, tanh):
    if src.dtype == types.float32:
        def vector_run(src, s, dst, d, count, tanh):
            # whole vectors with a constant count (LLVM drops their masks: the masked loop
            # took 3.8-3.9 ns a vector, this one 3.2-3.4), then the tail
            whole = count - count % 16
            if tanh:
                for j in range(0, whole, 16):
                    _gate_tanh16(src, s + j, dst, d + j, 16, src, s)
            else:
                for j in range(0, whole, 16):
                    _sigmoid16(src, s + j, dst, d + j, 16, src, s)
            if whole < count:
                if tanh:
                    _gate_tanh16(src, s + whole, dst, d + whole, count - whole, src, s)
                else:
                    _sigmoid16(src, s + whole, dst, d + whole, count - whole, src, s)
        return vector_run

    def scalar_run(src, s, dst, d, count, tanh):
        source, target = span(src, s, count), span(dst, d, count)
        if tanh:
            for j in range(count):
                target[j] = gate_tanh(source[j])
        else:
            for j in range(count):
                target[j] = fast_sigmoid(source[j])
    return scalar_run


@overload(gate_tanh_times_run)
def _gate_tanh_times_run(src, s, mul, m, dst, d, count):
    if src.dtype == types.float32:
        def vector_run(src, s, mul, m, dst, d, count):
            whole = count - count % 16                  # (as `logistic_run`'s)
            for j in range(0, whole, 16):
                _gate_tanh_times16(src, s + j, dst, d + j, 16, mul, m + j)
            if whole < count:
                _gate_tanh_times16(src, s + whole, dst, d + whole, count - whole, mul,
                                   m + whole)
        return vector_run

    def scalar_run(src, s, mul, m, dst, d, count):
        source, factor, target = span(src, s, count), span(mul, m, count), span(dst, d, count)
        for j in range(count):
            target[j] = factor[j] * gate_tanh(source[j])
    return scalar_run


def lstm_cell_run(gates, g, stride, cells, c0, c1, count):
    """cells[c1 + j] = f*cells[c0 + j] + i*m for j < count, the LSTM's gates at g + r*stride
    (rows i, o, f, m; c1 may be c0: in place); in kernels only."""


def lstm_state_run(work, w, stride, cells, c, dst, d, count):
    """An LSTM inference step over count values: the gates from the pre-activations at
    w + r*stride of work (rows i, o, f, m; activated in place in float64, left as they were
    in float32), the cell states at c of cells updated in place, the states o*Tanh[c] into
    dst at d; the same bits as `logistic_run`, `lstm_cell_run` and `gate_tanh_times_run` in
    turn.  In kernels only."""


@overload(lstm_cell_run)
def _lstm_cell_run(gates, g, stride, cells, c0, c1, count):
    if gates.dtype == types.float32:
        def vector_run(gates, g, stride, cells, c0, c1, count):
            whole = count - count % 16                  # (as `logistic_run`'s)
            for j in range(0, whole, 16):
                _lstm_cells16(gates, g + j, stride, cells, c0 + j, c1 + j, 16)
            if whole < count:
                _lstm_cells16(gates, g + whole, stride, cells, c0 + whole, c1 + whole,
                              count - whole)
        return vector_run

    def scalar_run(gates, g, stride, cells, c0, c1, count):
        g_i, g_f = span(gates, g, count), span(gates, g + 2 * stride, count)
        g_m = span(gates, g + 3 * stride, count)
        before, after = span(cells, c0, count), span(cells, c1, count)
        for j in range(count):
            after[j] = g_f[j] * before[j] + g_i[j] * g_m[j]
    return scalar_run


@overload(lstm_state_run)
def _lstm_state_run(work, w, stride, cells, c, dst, d, count):
    if work.dtype == types.float32:
        def vector_run(work, w, stride, cells, c, dst, d, count):
            whole = count - count % 16                  # (as `logistic_run`'s)
            for j in range(0, whole, 16):               # i, f, m and the cells
                _lstm_step_cells16(work, w + j, stride, cells, c + j, 16)
            if whole < count:
                _lstm_step_cells16(work, w + whole, stride, cells, c + whole, count - whole)
            w_o = w + stride
            for j in range(0, whole, 16):               # o and the states o * Tanh[c]
                _lstm_step_states16(work, w_o + j, cells, c + j, dst, d + j, 16)
            if whole < count:
                _lstm_step_states16(work, w_o + whole, cells, c + whole, dst, d + whole,
                                    count - whole)
        return vector_run

    def passes(work, w, stride, cells, c, dst, d, count):
        for r in range(4):
            logistic_run(work, w + r * stride, work, w + r * stride, count, r == 3)
        lstm_cell_run(work, w, stride, cells, c, c, count)
        gate_tanh_times_run(cells, c, work, w + stride, dst, d, count)
    return passes

