"""Excel workbooks: Import and Export of "XLSX" (WL's element forms; numbers read as reals,
empty cells as "", as WL reads them)."""

import zipfile

import pytest

from tests.builtins._support import check, run

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _excel_like_book(path):
    """A workbook written the way Excel writes one: shared strings, a date style, a
    formula with its cached value, a boolean, and a sheet whose cells start at B2."""
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                               'content-types"/>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
                           '<sheet name="Data" sheetId="1" r:id="rId7"/>'
                           '<sheet name="Sparse" sheetId="2" r:id="rId8"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId7" Type="x" Target="worksheets/a.xml"/>'
            '<Relationship Id="rId8" Type="x" Target="/xl/worksheets/b.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}"><si><t>name</t></si>'
                                '<si><r><t>da</t></r><r><t>y</t></r></si></sst>',
        "xl/styles.xml": f'<styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0"/>'
                         '<xf numFmtId="14"/></cellXfs></styleSheet>',
        "xl/worksheets/a.xml": f'<worksheet xmlns="{MAIN}"><sheetData>'
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
            '<c r="C1" t="inlineStr"><is><t>ok</t></is></c></row>'
            '<row r="2"><c r="A2"><f>1+1</f><v>2</v></c><c r="B2" s="1"><v>45000</v></c>'
            '<c r="C2" t="b"><v>1</v></c></row></sheetData></worksheet>',
        "xl/worksheets/b.xml": f'<worksheet xmlns="{MAIN}"><sheetData>'
            '<row r="2"><c r="B2"><v>7.5</v></c></row></sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w") as book:
        for name, text in parts.items():
            book.writestr(name, text)


def test_import_of_an_excel_written_book(tmp_path):
    path = tmp_path / "book.xlsx"
    _excel_like_book(path)
    check(f'Import["{path}", "Sheets"]', '{"Data", "Sparse"}')
    check(f'Import["{path}", {{"Data", 1, 1}}]', '{"name", "day", "ok"}')
    check(f'Import["{path}", {{"Data", "Data", 2}}] // {{#[[1]], Head[#[[2]]], '
          'First[#[[2]]], #[[3]]} &', '{2., DateObject, {2023, 3, 15}, True}')
    # the empty first row and column stay, as Excel shows them
    check(f'Import["{path}"][[2]]', '{{"", ""}, {"", 7.5}}')


def test_export_and_import_round_trip(tmp_path):
    path = tmp_path / "t.xlsx"
    check(f'Export["{path}", {{{{"a", "b"}}, {{1, 2.5}}, {{"x & y", True}}}}]; Import["{path}"]',
          '{{{"a", "b"}, {1., 2.5}, {"x & y", True}}}')
    check(f'Export["{path}", {{"one" -> {{{{1}}}}, "two" -> {{{{"q"}}}}}}]; '
          f'{{Import["{path}", "Sheets"], Import["{path}", {{"Data", "two"}}]}}',
          '{{"one", "two"}, {{"q"}}}')
    # a list of tables is a workbook of sheets
    check(f'Export["{path}", {{{{{{1}}}}, {{{{2, 3}}}}}}]; Import["{path}", {{"Data", 2, 1, 2}}]',
          "3.")
    check(f'Export["{path}", Range[3]]; Import["{path}"]', "{{{1.}, {2.}, {3.}}}")
    check(f'Export["{path}", {{{{1/4, x}}}}]; Import["{path}"]', '{{{0.25, "x"}}}')


def test_bad_sheets_and_files_are_messages(tmp_path):
    path = tmp_path / "t.xlsx"
    run(f'Export["{path}", {{{{1}}}}]')
    r = run(f'Import["{path}", {{"Data", 5}}]')
    assert r.tags == ["Import::fmterr"] and r.value.name == "$Failed"
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a zip")
    assert run(f'Import["{bad}"]').tags == ["Import::fmterr"]
