"""Excel workbooks (.xlsx, Import and Export format "XLSX"): how measured data reaches many
fitting and regression programs.  An .xlsx file is a zip of XML parts (ECMA-376); this
module reads and writes the parts a table needs with the standard library alone.

Import gives, as WL does: "Data" (the default) the list of sheets, each a list of rows padded
with "" to the sheet's width (numbers as reals, booleans as True/False, cells formatted as
dates as DateObjects); ``{"Data", n}`` or ``{"Data", "name"}`` one sheet, further arguments
its rows and columns as Part takes them; "Sheets" the sheet names; "Dataset" the sheets as
an association of name -> Dataset of rows.  Formulas are read as their cached values.

Export writes a matrix as one sheet, a list of matrices as sheets "Sheet1", "Sheet2"…, and
rules or an association "name" -> matrix as named sheets: numbers, strings and booleans.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

from wlnet.core.expr import FALSE, TRUE, Expr, Integer, Rational, Real, S, String, Symbol

IMPORT_ELEMENTS = ("Data", "Dataset", "Sheets")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")
# the built-in number formats that show dates (ECMA-376 §18.8.30)
_DATE_FORMAT_IDS = set(range(14, 23)) | set(range(45, 48))
_EXCEL_EPOCH = _dt.datetime(1899, 12, 30)


class XLSXError(Exception):
    """The file cannot be read or the data written as XLSX: ``reason`` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# ---------------------------------------------------------------------------- reading

def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _text_of(node) -> str:
    """The text of a shared or inline string item (its runs joined)."""
    plain = node.find(f"{_MAIN}t")
    if plain is not None:
        return plain.text or ""
    return "".join(t.text or "" for t in node.iter(f"{_MAIN}t"))


def _date_styles(book: zipfile.ZipFile) -> set[int]:
    """Indices of the cell styles that format numbers as dates."""
    try:
        root = ET.fromstring(book.read("xl/styles.xml"))
    except KeyError:
        return set()
    custom = {}
    formats = root.find(f"{_MAIN}numFmts")
    for fmt in (formats if formats is not None else ()):
        code = re.sub(r'"[^"]*"|\[[^\]]*\]', "", fmt.get("formatCode", "")).lower()
        custom[int(fmt.get("numFmtId"))] = "y" in code or "d" in code
    cell_xfs = root.find(f"{_MAIN}cellXfs")
    dates = set()
    for i, xf in enumerate(cell_xfs if cell_xfs is not None else ()):
        fid = int(xf.get("numFmtId", "0"))
        if fid in _DATE_FORMAT_IDS or custom.get(fid, False):
            dates.add(i)
    return dates


def _date(serial: float) -> Expr:
    from wlnet.builtins.dates import _date_object
    moment = _EXCEL_EPOCH + _dt.timedelta(days=serial)
    return _date_object(moment, 3 if float(serial).is_integer() else 6)


def _cell_value(cell, shared: list[str], date_styles: set[int]):
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        node = cell.find(f"{_MAIN}is")
        return String(_text_of(node) if node is not None else "")
    value = cell.find(f"{_MAIN}v")
    if value is None or value.text is None:
        return String("")
    text = value.text
    if kind == "s":
        return String(shared[int(text)])
    if kind in ("str", "e"):
        return String(text)
    if kind == "b":
        return TRUE if text.strip() == "1" else FALSE
    number = float(text)
    if int(cell.get("s", "0")) in date_styles:
        return _date(number)
    return Real(number)


def _sheet_rows(xml: bytes, shared: list[str], date_styles: set[int]) -> list[list]:
    rows: dict[int, dict[int, object]] = {}
    width = 0
    for row in ET.fromstring(xml).iter(f"{_MAIN}row"):
        number = int(row.get("r", len(rows) + 1))
        cells = rows.setdefault(number, {})
        for position, cell in enumerate(row.iter(f"{_MAIN}c"), 1):
            ref = _CELL_REF.match(cell.get("r", ""))
            column = _column_number(ref.group(1)) if ref else position
            cells[column] = _cell_value(cell, shared, date_styles)
            width = max(width, column)
    if not rows:
        return []
    # rows and columns before the first written cell count too, as Excel shows them
    return [[rows.get(r, {}).get(c, String("")) for c in range(1, width + 1)]
            for r in range(1, max(rows) + 1)]


def read_workbook(path: str) -> list[tuple[str, list[list]]]:
    """(sheet name, rows of cell values) of each sheet, in the workbook's order."""
    try:
        with zipfile.ZipFile(path) as book:
            names = set(book.namelist())
            shared = []
            if "xl/sharedStrings.xml" in names:
                shared = [_text_of(si) for si in
                          ET.fromstring(book.read("xl/sharedStrings.xml")).iter(f"{_MAIN}si")]
            targets = {}
            if "xl/_rels/workbook.xml.rels" in names:
                for rel in ET.fromstring(book.read("xl/_rels/workbook.xml.rels")):
                    target = rel.get("Target", "").lstrip("/")
                    targets[rel.get("Id")] = target if target.startswith("xl/") \
                        else "xl/" + target
            dates = _date_styles(book)
            sheets = []
            for i, sheet in enumerate(
                    ET.fromstring(book.read("xl/workbook.xml")).iter(f"{_MAIN}sheet"), 1):
                part = targets.get(sheet.get(f"{_REL}id"), f"xl/worksheets/sheet{i}.xml")
                sheets.append((sheet.get("name", f"Sheet{i}"),
                               _sheet_rows(book.read(part), shared, dates)))
            return sheets
    except (zipfile.BadZipFile, KeyError, ET.ParseError, ValueError) as err:
        raise XLSXError(f"not a readable Excel workbook ({err})") from None


def _table(rows: list[list]) -> Expr:
    return Expr.from_args(S.List, (Expr.from_args(S.List, r) for r in rows))


def import_xlsx(ev, path: str, element: str, args: tuple):
    sheets = read_workbook(path)
    if element == "Sheets":
        return Expr.from_args(S.List, (String(name) for name, _ in sheets))
    if element == "Dataset":
        return Expr.from_args(S.Association, (
            Expr(S.Rule, String(name), Expr(Symbol("Dataset"), _table(rows)))
            for name, rows in sheets))
    if not args:
        return Expr.from_args(S.List, (_table(rows) for _, rows in sheets))
    which, rest = args[0], args[1:]
    if type(which) is String:
        found = [rows for name, rows in sheets if name == which.value]
        if not found:
            raise XLSXError(f"the workbook has no sheet named {which.value!r}")
        table = _table(found[0])
    elif type(which) is Integer and 1 <= abs(which.value) <= len(sheets):
        table = _table(sheets[which.value - 1 if which.value > 0 else which.value][1])
    else:
        raise XLSXError(f"the workbook has {len(sheets)} sheets")
    return ev.evaluate(Expr(S.Part, table, *rest)) if rest else table


# ---------------------------------------------------------------------------- writing

def _column_letters(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _cell_xml(ref: str, value) -> str:
    if value is TRUE or value is FALSE:
        return f'<c r="{ref}" t="b"><v>{1 if value is TRUE else 0}</v></c>'
    if type(value) in (Integer, Real, Rational):
        number = value.numerator / value.denominator if type(value) is Rational \
            else float(value.value)
        return f'<c r="{ref}"><v>{number!r}</v></c>'
    if type(value) is String:
        text = value.value
    else:
        from wlnet.syntax.printer import input_form
        text = input_form(value)
    if text == "":
        return ""
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def _rows_of(table) -> list[list]:
    from wlnet.core.packed import list_from_array, packed_array
    arr = packed_array(table)
    if arr is not None:
        table = list_from_array(arr.reshape(-1, 1) if arr.ndim == 1 else arr)
    if not (type(table) is Expr and table.head is S.List):
        raise XLSXError("a sheet is a list of rows")
    return [list(r.args) if type(r) is Expr and r.head is S.List else [r] for r in table.args]


def _sheets_of(expr) -> list[tuple[str, list[list]]]:
    if type(expr) is Expr and expr.head is S.Association:
        expr = Expr.from_args(S.List, expr.args)
    if type(expr) is Expr and expr.head is S.List and expr.args and all(
            type(a) is Expr and a.head in (S.Rule, S.RuleDelayed) for a in expr.args):
        return [(a.args[0].value if type(a.args[0]) is String else f"Sheet{i}",
                 _rows_of(a.args[1])) for i, a in enumerate(expr.args, 1)]
    if _is_list(expr) and expr.args and all(_is_table(s) for s in expr.args):
        return [(f"Sheet{i}", _rows_of(s)) for i, s in enumerate(expr.args, 1)]
    return [("Sheet1", _rows_of(expr))]


def _is_list(e) -> bool:
    return type(e) is Expr and e.head is S.List


def _is_table(e) -> bool:
    """Whether e is one sheet's rows: a list of lists of cells (no cell a list), so that a
    list of them is a workbook of sheets, not one table."""
    return _is_list(e) and all(_is_list(r) and not any(_is_list(c) for c in r.args)
                               for r in e.args)


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>{sheets}</Types>')
_SHEET_TYPE = ('<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
               'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')


def xlsx_bytes(expr) -> bytes:
    sheets = _sheets_of(expr)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES.format(
            sheets="".join(_SHEET_TYPE.format(n=n) for n in range(1, len(sheets) + 1))))
        book.writestr("_rels/.rels", _ROOT_RELS)
        book.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<workbook xmlns="{_MAIN[1:-1]}" xmlns:r="{_REL[1:-1]}"><sheets>'
            + "".join(f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
                      for n, (name, _) in enumerate(sheets, 1))
            + "</sheets></workbook>"))
        book.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<Relationships xmlns="{_PKG_REL[1:-1]}">'
            + "".join(f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/'
                      f'officeDocument/2006/relationships/worksheet" '
                      f'Target="worksheets/sheet{n}.xml"/>' for n in range(1, len(sheets) + 1))
            + "</Relationships>"))
        for n, (_, rows) in enumerate(sheets, 1):
            body = "".join(
                f'<row r="{r}">' + "".join(_cell_xml(f"{_column_letters(c)}{r}", v)
                                           for c, v in enumerate(row, 1)) + "</row>"
                for r, row in enumerate(rows, 1))
            book.writestr(f"xl/worksheets/sheet{n}.xml", (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<worksheet xmlns="{_MAIN[1:-1]}"><sheetData>{body}</sheetData></worksheet>'))
    return out.getvalue()
