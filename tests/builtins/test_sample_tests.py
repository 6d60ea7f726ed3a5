"""TTest, PairedTTest, CorrelationFunction and CovarianceFunction
(wlnet/builtins/sample_tests.py), checked against SciPy's t tests and the autocorrelation
written out."""

import numpy as np
import pytest

from tests.builtins._support import Runner, check, check_example, declared_examples, run


@pytest.mark.parametrize("name,text,expected", declared_examples("sample_tests"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


A = [1.2, 0.8, 1.1, 0.9, 1.3]
B = [2.1, 1.9, 2.2, 2.4, 1.8, 2.0]


def _wl(xs):
    return "{" + ", ".join(map(str, xs)) + "}"


def test_t_tests_agree_with_scipy():
    from scipy import stats
    r = Runner()
    assert r.run(f"TTest[{_wl(A)}]").value == pytest.approx(stats.ttest_1samp(A, 0).pvalue)
    assert r.run(f"TTest[{_wl(A)}, 1]").value == pytest.approx(stats.ttest_1samp(A, 1).pvalue)
    welch = stats.ttest_ind(A, B, equal_var=False)
    t, dof = (v.value for v in r.run(
        f'TTest[{{{_wl(A)}, {_wl(B)}}}, 0, {{"TestStatistic", "DegreesOfFreedom"}}]').args)
    assert t == pytest.approx(welch.statistic) and dof == pytest.approx(welch.df)
    pooled = stats.ttest_ind(A, B, equal_var=True)
    got = r.run(f'TTest[{{{_wl(A)}, {_wl(B)}}}, VerifyTestAssumptions -> '
                f'{{"EqualVariance" -> True}}]').value
    assert got == pytest.approx(pooled.pvalue)
    paired = stats.ttest_rel([1, 2, 3, 4], [1.5, 2.4, 3.6, 4.2])
    assert r.run("PairedTTest[{{1, 2, 3, 4}, {1.5, 2.4, 3.6, 4.2}}]").value == \
        pytest.approx(paired.pvalue)


@pytest.mark.parametrize("text,tag", [
    ("TTest[{1}]", "TTest::data"),
    ('TTest[{1, 2, 3}, 0, "Foo"]', "TTest::prop"),
    ("PairedTTest[{{1, 2, 3}, {1, 2}}]", "PairedTTest::pair"),
    ("CorrelationFunction[{1, 2, 3}, 5]", "CorrelationFunction::lags"),
    ("CorrelationFunction[{a, b, c}, 1]", "CorrelationFunction::data"),
])
def test_messages(text, tag):
    assert run(text).tags == [tag]


def test_correlation_function():
    x = np.sin(np.arange(1, 51) / 3)
    d = x - x.mean()
    want = [d[:50 - h] @ d[h:] / (d @ d) for h in range(4)]
    r = Runner()
    r.run("x = N@Sin[Range[50]/3];")
    got = [v.value for v in r.run('CorrelationFunction[x, {3}]["Values"]').args]
    assert np.allclose(got, want)
    check('CorrelationFunction[x, {0, 10, 5}]["Times"]', "{0, 5, 10}", runner=r)
    check("CovarianceFunction[{1, 2, 3, 4}, 1]", "0.3125", runner=r)
