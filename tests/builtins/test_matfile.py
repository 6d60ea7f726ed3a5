"""MATLAB .mat files (wlnet/builtins/matfile.py through Export/Import)."""

from tests.builtins._support import Runner, check


def test_named_matrices_round_trip_in_both_versions(tmp_path):
    r = Runner()
    for version in (4, 5):
        path = tmp_path / f"w{version}.mat"
        check(f'Export["{path}", {{"kernel" -> {{{{1, 2, 3}}, {{4, 5, 6}}}}, '
              f'"bias" -> {{0.5, 1.5}}}}, "MAT", "Version" -> {version}]; '
              f'{{Import["{path}", "Labels"], Import["{path}"]}}',
              '{{"kernel", "bias"}, {{{1., 2., 3.}, {4., 5., 6.}}, {{0.5, 1.5}}}}', runner=r)


def test_version_4_stores_doubles_column_by_column(tmp_path):
    # what a reader of the old format expects: a 20-byte header, the name, then the
    # columns as little-endian doubles
    path = tmp_path / "m.mat"
    check(f'Export["{path}", {{"m" -> {{{{1, 2}}, {{3, 4}}}}}}, "MAT", "Version" -> 4]; '
          f's = OpenRead["{path}", BinaryFormat -> True]; '
          f'{{BinaryReadList[s, "Integer32", 5], BinaryReadList[s, "TerminatedString", 1], '
          f'BinaryReadList[s, "Real64"]}}',
          '{{0, 2, 2, 0, 2}, {"m"}, {1., 3., 2., 4.}}')


def test_unnamed_matrices_and_bad_data(tmp_path):
    path = tmp_path / "u.mat"
    r = Runner()
    check(f'Export["{path}", {{{{{{1.}}}}, {{{{2., 3.}}}}}}]; Import["{path}", "Labels"]',
          '{"Expression1", "Expression2"}', runner=r)
    r.run(f'Export["{path}", {{"a" -> "text"}}, "MAT"]')
    assert any("Export::mat" in m for m in r.messages)
