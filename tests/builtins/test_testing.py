"""VerificationTest and TestReport (wlnet/builtins/testing.py): outcomes, recorded messages,
reports of a list and of a .wlt file, the objects' properties."""

from tests.builtins._support import Runner, check, run


def test_outcomes_and_messages():
    check('VerificationTest[1 + 1, 2]["Outcome"]', '"Success"')
    check('VerificationTest[2 > 1]["Outcome"]', '"Success"')
    check('VerificationTest[1 + 1, 3]["Outcome"]', '"Failure"')
    check('VerificationTest[1., 1, SameTest -> Equal]["Outcome"]', '"Success"')
    # the messages are recorded, not shown, and compared with the expected ones
    check('VerificationTest[1/0, ComplexInfinity, {Power::infy}]["Outcome"]', '"Success"')
    check('VerificationTest[1/0, ComplexInfinity]["Outcome"]', '"MessagesFailure"')
    check('VerificationTest[1/0, ComplexInfinity]["ActualMessages"]', "{HoldForm[Power::infy]}")
    check('VerificationTest[Abort[]; 1, 1]["Outcome"]', '"Error"')
    check('VerificationTest[1 + 1, 3]["ActualOutput"]', "HoldForm[2]")


def test_a_report_of_a_list_numbers_its_tests():
    check('r = TestReport[{VerificationTest[1, 1], VerificationTest[2, 3], VerificationTest[3, 3]}]; '
          '{r["TestsSucceededCount"], r["TestsFailedCount"], r["TestsFailedIndices"], '
          'Keys[r["TestResults"]], r["TestResults"][2]["TestIndex"], r["AllTestsSucceeded"]}',
          "{2, 1, {2}, {1, 2, 3}, 2, False}")


def test_a_report_of_a_test_file(tmp_path):
    path = tmp_path / "t.wlt"
    path.write_text('BeginTestSection["s"]\nf[x_] := 2 x;\nVerificationTest[f[2], 4];\n'
                    'VerificationTest[f[3], 7]\nEndTestSection[]\n')
    # a runner's unwrapping of the report: TestReportObject[a] /. TestReportObject[x_] :> x
    check(f'r = TestReport["{path}"] /. TestReportObject[x_] :> x; '
          '{r["Title"], r["TestsFailedCount"], '
          'Map[#["Outcome"] &, r["TestResults"] /. TestResultObject[x_] :> x]}',
          '{"Test Report: t.wlt", 1, <|1 -> "Success", 2 -> "Failure"|>}')
    assert run('TestReport["/no/such/file.wlt"]').tags == ["TestReport::nofile"]
