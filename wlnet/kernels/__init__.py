"""wlnet's numeric kernels: pure array functions, Numba-jitted, forward and backward.

Every module has the same two layers:

- Numba kernels (``_name_kernel``, compiled with THE jit policy of `_jit`) that read inputs
  and write into preallocated outputs, never allocate inside time loops and never raise
  user-facing errors;
- wrappers (``name_forward`` / ``name_backward``, the public API) that check shapes and dtypes
  (raising ValueError for programming errors only: user data is validated by the net layer,
  which turns problems into Wolfram-style messages), allocate, and call the kernels.

Conventions shared by all kernels:

- The dtype follows the inputs: float32 (WL "Real32", the default) or float64 ("Real64").
- Batches come first. Varying-length sequence batches are padded arrays (batch, T, ...) plus an
  integer ``lengths`` vector (batch,): nothing is computed or back-propagated past an example's
  own length, outputs there are zero.
- Backward functions return gradients for every input and array; loss functions return
  per-example losses and the gradient of their sum.
- Matrix products go through Numba's BLAS (see `_linalg`), never numpy's ``@``, so that only
  one OpenBLAS thread pool exists.

Modules: gru (GatedRecurrentLayer, and the recurrent machinery lstm shares), lstm
(LongShortTermMemoryLayer), convolution (ConvolutionLayer and DeconvolutionLayer), pooling,
batch_norm, linear, sequence_last, unit_vector, softmax, elementwise, dropout, losses;
precompile warms them all (`wlnet --precompile`).
"""

from . import _workspace

_workspace.keep_freed_memory()
