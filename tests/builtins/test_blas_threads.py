"""One BLAS thread inside the machine-learning fits (wlnet/builtins/_blas_threads.py)."""

from wlnet.builtins import _blas_threads as B


def test_one_thread_inside_and_the_setting_back_after():
    libraries = B._libraries()
    before = [get() for _, get in libraries]
    with B.one_blas_thread():
        assert all(get() == 1 for _, get in libraries)
    assert [get() for _, get in libraries] == before

    @B.on_one_blas_thread
    def counts():
        return [get() for _, get in libraries]
    assert all(c == 1 for c in counts())
    assert [get() for _, get in libraries] == before
