"""Files: Export, Import, NotebookImport (the Image builtins are in wlnet.builtins.images).

The format comes from the file extension, or from an explicit format name:

    .wlnet          "WLNet"     nets (wlnet.net.serialize); Import elements "Net",
                                "UninitializedNet", "ArrayList", "ArrayAssociation", "WLVersion"
    .wl .m .wls     "Package"   Export writes InputForm; Import evaluates the file (as Get)
    .txt            "Text"      Export writes a string as is (other expressions as OutputForm);
                                Import gives the text (elements "Lines", "Words": lists)
    .json           "JSON"      lists, associations, numbers, strings, True/False/Null;
                                Import gives objects as lists of rules ("RawJSON": associations)
    .png            "PNG"       Image atoms (wlnet.core.image, on Pillow); Import elements
    .jpg .jpeg      "JPEG"      "Image", "Data", "ImageSize"
                                (and "BitDepth", "Channels", "ColorSpace", "DataType")
    .gif            "GIF"       the same and "ImageList", "ImageCount" (an animated GIF imports
                                as its list of frames); Export of a picture, or of a list of
                                pictures (images or graphics) as an animation
                                (AnimationRepetitions, AnimationRate, DisplayDurations);
                                any other expression (PNG, JPEG, GIF) drawn as its text
    .svg .pdf .eps  "SVG" …     Export only: graphics (wlnet.graphics), other expressions as
                                their text
    .onnx           "ONNX"      nets as ONNX models (wlnet.net.onnx, with the onnx package);
                                Import elements "Net", "UninitializedNet", "ArrayList",
                                "ArrayAssociation" and the model's metadata ("IRVersion",
                                "OperatorSetVersion", "ProducerName", …); Export options
                                "OperatorSetVersion", "Description", "GraphName",
                                "ModelVersion" (EXPORT_OPTIONS)
    .nb             "Notebook"  Import gives HoldComplete[Notebook[…]]: a notebook is data, and
                                its cells and options may hold any expression, which the
                                Wolfram Language would evaluate here (we do not); element
                                "InputText": the input cells as text (wlnet.notebook)
    .csv, .tsv .tab "CSV" "TSV" rows of numbers and strings; a file of numbers is one packed
                                array; elements "Data", "Dataset", "RawData", "Grid";
                                Export writes rows (wlnet.core.tables)
    .dat            "Table"     the same, fields separated by blanks (written with tabs)
    .wxf            "WXF"       any expression in the Wolfram Language's binary format
                                (wlnet.core.wxf; BinarySerialize in wlnet.builtins.wxf)
    .wmlf           "WMLF"      the machine-learning format: a net, ClassifierFunction,
                                PredictorFunction or another learnt function, Import gives
                                it back (wlnet's file: a header and the object's WXF; the
                                Wolfram Language's own files are not read)
    .h5 .hdf5       "HDF5"      datasets by absolute name (wlnet.builtins.hdf5, with h5py);
                                elements "Datasets", "Groups", "Data" ({"Data", name}),
                                "Dimensions", "DataFormat", "Attributes"
    .mat            "MAT"       MATLAB matrices (wlnet.builtins.matfile, with SciPy): Export
                                of a matrix, matrices or "name" -> matrix rules, option
                                "Version" -> 5 or 4; Import elements "Data", "Labels"
    .nc .cdf        "NetCDF"    gridded data (wlnet.builtins.nc_format; classic files with
                                SciPy, NetCDF-4 with h5py): "Datasets" ({"Datasets", name}),
                                "Data", "Dimensions", "Annotations", "DataFormat"; Import only
    .mid .midi      "MIDI"      Standard MIDI files (wlnet.builtins.midi): Export of a Sound of
                                SoundNotes; Import elements "Sound" ({"Sound", track}),
                                "SoundNotes", "Duration", "TrackCount"
    .xml            "XML"       symbolic XML (wlnet.builtins.xml_format): Import elements
                                "XMLObject" (the document), "XMLElement", "Tags"; Import only
    .xlsx           "XLSX"      Excel workbooks (wlnet.builtins.xlsx): elements "Data" (the
                                sheets; {"Data", sheet, rows, cols}), "Sheets", "Dataset";
                                Export of a table, a list of tables or "name" -> table rules
    (by name)       "Real32"…   raw binary numbers ("Real32", "Real64", "Integer8" … "Integer64",
                                "UnsignedInteger8" … "UnsignedInteger64", "Byte"), little-endian
                                as $ByteOrdering is: Export writes the array's numbers in order,
                                Import gives them as a flat list

Every failure is a message (``Import::fmterr``, ``Export::noopen``…) and ``$Failed``.
"""

from __future__ import annotations

import json
import math
import os
import re


from wlnet.core.files import atomic_write
from wlnet.core.registry import builtin
from wlnet.core.expr import FALSE, Expr, Integer, NULL, Real, S, String, Symbol, TRUE
from wlnet.core.packed import maybe_pack
from wlnet.builtins._listutil import float_value
from wlnet.core.image import Image, ImageFileError, image_file_bytes, read_image, resize
from wlnet.builtins.hdf5 import IMPORT_ELEMENTS as HDF5_ELEMENTS, HDF5Error
from wlnet.builtins.matfile import IMPORT_ELEMENTS as MAT_ELEMENTS, MATError
from wlnet.builtins.xlsx import IMPORT_ELEMENTS as XLSX_ELEMENTS, XLSXError
from wlnet.builtins.nc_format import IMPORT_ELEMENTS as NETCDF_ELEMENTS, NetCDFError
from wlnet.builtins.midi import IMPORT_ELEMENTS as MIDI_ELEMENTS, MIDIError
from wlnet.builtins.xml_format import IMPORT_ELEMENTS as XML_ELEMENTS

FAILED = S["$Failed"]

FORMAT_OF_EXTENSION = {".wlnet": "WLNet", ".wl": "Package", ".m": "Package", ".wls": "Package",
                       ".txt": "Text", ".json": "JSON", ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG",
                       ".gif": "GIF",
                       ".nb": "Notebook", ".onnx": "ONNX", ".csv": "CSV", ".tsv": "TSV",
                       ".tab": "TSV", ".mx": "MX", ".wav": "WAV", ".dat": "Table",
                       ".h5": "HDF5", ".hdf5": "HDF5", ".wxf": "WXF", ".wmlf": "WMLF",
                       ".mat": "MAT",
                       ".xlsx": "XLSX", ".nc": "NetCDF", ".cdf": "NetCDF",
                       ".mid": "MIDI", ".midi": "MIDI", ".xml": "XML"}
IMPORT_ELEMENTS = {
    "WLNet": ("ArrayAssociation", "ArrayList", "Net", "UninitializedNet", "WLVersion"),
    "Package": ("Expression", "HeldExpressions", "Text"),
    "Text": ("Lines", "Plaintext", "String", "Text", "Words"),
    "JSON": ("Data",),
    "RawJSON": ("Data",),
    "ExpressionJSON": ("Expression",),
    "PNG": ("BitDepth", "Channels", "ColorSpace", "Data", "DataType", "Image", "ImageSize"),
    "JPEG": ("BitDepth", "Channels", "ColorSpace", "Data", "DataType", "Image", "ImageSize"),
    "GIF": ("BitDepth", "Channels", "ColorSpace", "Data", "DataType", "Image", "ImageCount",
            "ImageList", "ImageSize"),
    "Notebook": ("InputText", "Notebook"),
    "ONNX": ("ArrayAssociation", "ArrayList", "Description", "IRVersion", "ModelDomain",
             "ModelVersion", "Net", "NetExternalObject", "OperatorSetVersion", "ProducerName",
             "ProducerVersion", "UninitializedNet"),
    "CSV": ("Data", "Dataset", "Grid", "RawData"),
    "TSV": ("Data", "Dataset", "Grid", "RawData"),
    "Table": ("Data", "Grid", "RawData"),
    "List": ("Data",),
    "MX": ("Expression",),
    "WXF": ("Expression",),
    "WMLF": ("Expression",),
    "WAV": ("Audio", "Data", "SampleRate"),
    "HDF5": HDF5_ELEMENTS,
    "MAT": MAT_ELEMENTS,
    "XLSX": XLSX_ELEMENTS,
    "NetCDF": NETCDF_ELEMENTS,
    "MIDI": MIDI_ELEMENTS,
    "XML": XML_ELEMENTS,
}
DEFAULT_ELEMENT = {"WLNet": "Net", "Package": "Expression", "Text": "Text", "JSON": "Data",
                   "RawJSON": "Data", "ExpressionJSON": "Expression", "PNG": "Image", "JPEG": "Image",
                   # a still GIF imports as its "Image", an animated one as its "ImageList"
                   "GIF": "Default",
                   "Notebook": "Notebook", "ONNX": "Net", "CSV": "Data", "TSV": "Data",
                   "Table": "Data", "List": "Data", "MX": "Expression", "WXF": "Expression",
                   "WMLF": "Expression",
                   "WAV": "Audio",
                   "HDF5": "Datasets", "MAT": "Data", "XLSX": "Data",
                   "NetCDF": "Datasets", "MIDI": "Sound", "XML": "XMLObject"}
# raw binary numbers: the format name -> numpy's type of one number (little-endian)
BINARY_FORMATS = {"Real32": "<f4", "Real64": "<f8", "Byte": "u1",
                  **{f"Integer{b}": f"<i{b // 8}" for b in (8, 16, 32, 64)},
                  **{f"UnsignedInteger{b}": f"<u{b // 8}" for b in (8, 16, 32, 64)}}
IMPORT_ELEMENTS.update({name: ("Data",) for name in BINARY_FORMATS})
DEFAULT_ELEMENT.update({name: "Data" for name in BINARY_FORMATS})
EXPORT_FORMATS = ("WLNet", "Package", "Text", "JSON", "RawJSON", "ExpressionJSON", "PNG", "JPEG", "GIF", "ONNX",
                  "CSV", "TSV", "Table", "List", "MX", "WXF", "WMLF", "WAV", "HDF5", "MAT", "XLSX",
                  "SVG", "PDF", "EPS", "MIDI", *BINARY_FORMATS)

# Formats the Wolfram Language imports that wlnet does not (yet): a file with such an
# extension gets Import::fmtna (what it is and what wlnet reads), not "cannot infer".
WL_ONLY_FORMAT_OF_EXTENSION = {
    ".xls": "XLS", ".bmp": "BMP",
    ".tif": "TIFF", ".tiff": "TIFF", ".svg": "SVG", ".webp": "WebP", ".pdf": "PDF",
    ".html": "HTML", ".htm": "HTML", ".mp3": "MP3", ".zip": "ZIP",
    ".gz": "GZIP", ".tar": "TAR", ".parquet": "Parquet", ".yaml": "YAML", ".yml": "YAML",
    ".ubj": "UBJSON", ".mtx": "MTX",
}

IMPORT_MESSAGES = {
    "nffil": "File `1` not found during Import.",
    "infer": "Cannot infer format of file `1`.",
    "fmtna": "`1` is a `2` file; importing `2` is not available in wlnet yet (wlnet imports "
             "`3`).",
    "fmterr": "Cannot import data as `1` format: `2`.",
    "noelem": "The Import element `1` is not present when importing as `2`.",
    "fmtnosup": "`1` is not a supported Import format.",
    "chtype": "First argument `1` is not a valid file specification.",
    "nba": "`1` is not a ByteArray.",
    "optx": "Unknown option `1` in `2`.",
    "opttype": "The value `2` of the option `1` is not valid: `3`.",
}
EXPORT_MESSAGES = {
    "infer": "Cannot infer format of file `1`.",
    "noopen": "Cannot open `1`.",
    "type": "`1` cannot be exported to the `2` format.",
    "fmtnosup": "`1` is not a supported Export format.",
    "chtype": "First argument `1` is not a valid file specification.",
    # ONNX (wlnet.net.onnx)
    "onnx": "The net cannot be exported as ONNX: `1`.",
    "hdf5": "The data cannot be written as HDF5: `1`.",
    "mat": "The data cannot be written as MAT: `1`.",
    "fmterr": "The data cannot be written as `1`: `2`.",
    "optx": "Unknown option `1` in `2`.",
    "opttype": "The value `2` of the option `1` is not valid: `3`.",
}


class _Fail(Exception):
    """A failure to report: ``tag`` and slots for the calling builtin's message."""

    def __init__(self, tag: str, *slots):
        super().__init__(tag)
        self.tag = tag
        self.slots = slots


def _path(e) -> str | None:
    """The path a file argument names: "path" or File["path"] (FileNames' files wrapped
    in File, as image-folder programs give them)."""
    if type(e) is Expr and e.head is S.File and len(e.args) == 1:
        e = e.args[0]
    if type(e) is String and e.value:
        return os.path.expanduser(e.value)
    return None


def _format_of(path: str) -> str | None:
    return FORMAT_OF_EXTENSION.get(os.path.splitext(path)[1].lower())


# formats wlnet writes but does not read
EXPORT_ONLY_FORMAT_OF_EXTENSION = {".svg": "SVG", ".pdf": "PDF", ".eps": "EPS"}


def _export_format_of(path: str) -> str | None:
    return _format_of(path) or EXPORT_ONLY_FORMAT_OF_EXTENSION.get(
        os.path.splitext(path)[1].lower())


def _format_name(e) -> str | None:
    """A format argument: "WLNet", "JSON"… (case-insensitive, as in WL)."""
    if type(e) is not String:
        return None
    names = {f.lower(): f for f in (*IMPORT_ELEMENTS, *EXPORT_FORMATS)}
    aliases = {"wl": "Package", "m": "Package", "string": "Text", "nb": "Notebook",
               "jpg": "JPEG"}
    return names.get(e.value.lower()) or aliases.get(e.value.lower())


# ---------------------------------------------------------------------------- Export

@builtin("Export", argc=(2, None),
         usage="Export[\"file.ext\", expr] writes expr in the format the extension names "
               "(.wlnet nets, .wl/.m InputForm, .txt text, .json, .png images); "
               "Export[file, expr, \"format\"] names the format.  Gives the file name.  "
               ".onnx takes \"OperatorSetVersion\", \"Description\", \"GraphName\" and "
               "\"ModelVersion\".",
         messages=EXPORT_MESSAGES)
def export(ev, file, expr, *rest):
    fmt = rest[0] if rest and not _is_rule(rest[0]) else None
    options = rest[1:] if fmt is not None else rest
    if not all(_is_rule(o) for o in options):
        return None
    path = _path(file)
    if path is None:
        ev.message(S.Export, "chtype", file)
        return FAILED
    element = None
    if _format_of(path) == "HDF5" and (type(fmt) is Expr and fmt.head is S.List
                                       or fmt in (String("Rules"), String("Datasets"))):
        element, fmt = fmt, None        # Export["f.h5", {a, b}, {"Datasets", {"a", "b"}}]
    if fmt is None:
        name = _export_format_of(path)
        if name not in EXPORT_FORMATS:
            ev.message(S.Export, "infer", file)
            return FAILED
        fmt = String(name)
    data = _exported_bytes(ev, S.Export, expr, fmt, options,
                           Expr(S.Export, file, expr, *rest), element)
    if data is None:
        return FAILED
    try:
        # as in WL, missing folders on the way are made (scripts export logs into
        # folders nothing else created)
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        atomic_write(path, data)
    except OSError:
        ev.message(S.Export, "noopen", file)
        return FAILED
    return file


def _exported_bytes(ev, head, expr, fmt, options=(), call=None, element=None) -> bytes | None:
    """expr written in the format fmt names, with the format's options and an element
    specification where the format takes one (None after a message of head's)."""
    name = _format_name(fmt)
    if name not in EXPORT_FORMATS:
        ev.message(head, "fmtnosup", fmt)
        return None
    try:
        opts = _export_options(name, options, call)
        if name == "HDF5":
            return _export_hdf5(expr, element)
        return _EXPORTERS[name](expr, opts) if name in EXPORT_OPTIONS else _EXPORTERS[name](expr)
    except _Fail as fail:
        ev.message(head, fail.tag, *fail.slots)
        return None


@builtin("DumpSave", argc=2, attributes=("HoldRest", "Protected"),
         usage="DumpSave[\"file.mx\", symbol] (or a list of symbols) writes the symbols' "
               "definitions to a .mx file, which Get[\"file.mx\"] reads back.  Gives the "
               "list of symbols.",
         messages={"noopen": "Cannot open `1`.",
                   "bsym": "`1` is not a symbol or a list of symbols."})
def dump_save(ev, file, what):
    from wlnet.builtins.structure import definition_text
    from wlnet.core.text import mx_bytes
    symbols = list(what.args) if type(what) is Expr and what.head is S.List else [what]
    if not symbols or any(type(x) is not Symbol for x in symbols):
        ev.message(S.DumpSave, "bsym", what)
        return FAILED
    path = _path(file)
    statements = []
    for sym in symbols:
        text = definition_text(ev.definitions, sym)
        blocks = [] if text == "Null" else text.split("\n\n")
        # the values first: attributes such as Protected would refuse them afterwards
        blocks.sort(key=lambda b: b.startswith("Attributes["))
        statements += blocks
    try:
        if path is None:
            raise OSError
        atomic_write(path, mx_bytes("".join(b + ";\n" for b in statements)))
    except OSError:
        ev.message(S.DumpSave, "noopen", file)
        return FAILED
    return Expr.from_args(S.List, symbols)


# the options of the formats whose Export takes any (WL's ONNX format page)
EXPORT_OPTIONS = {"ONNX": ("Description", "ExternalArrays", "GraphName", "ModelVersion",
                           "OperatorSetVersion"),
                  "JSON": ("Compact",), "RawJSON": ("Compact",),
                  "ExpressionJSON": ("Compact", "NullSymbols"),
                  # an image's resolution (dots per inch) is written in the file; ImageSize
                  # resizes it
                  "PNG": ("ImageResolution", "ImageSize"),
                  "JPEG": ("ImageResolution", "ImageSize"),
                  **{fmt: ("ImageResolution",) for fmt in ("SVG", "PDF", "EPS")},
                  "GIF": ("AnimationRepetitions", "AnimationRate", "DisplayDurations",
                          "ImageSize"),
                  "MAT": ("Version",)}


def _export_options(fmt: str, options, call) -> dict:
    """The options of an Export, by name (Export::optx for one the format does not take)."""
    out = {}
    for rule in options:
        key = rule.args[0]
        name = key.name if type(key) is Symbol else getattr(key, "value", None)
        if name not in EXPORT_OPTIONS.get(fmt, ()):
            raise _Fail("optx", key, call)
        out[name] = rule.args[1]
    return out


def _export_net(expr) -> bytes:
    from wlnet.net.serialize import net_file_bytes
    from wlnet.net.wlform import net_from_expr
    try:
        net = net_from_expr(expr)
    except Exception:                            # NetSpecError / NetTypeError: not a valid net
        net = None
    if net is None:
        raise _Fail("type", _head_text(expr), "WLNet")
    return net_file_bytes(net)


def _export_onnx(expr, opts: dict) -> bytes:
    from wlnet.net.onnx import OnnxError, onnx_bytes
    from wlnet.net.wlform import net_from_expr
    settings = _onnx_settings(opts)
    try:
        net = net_from_expr(expr)
    except Exception:                            # NetSpecError / NetTypeError: not a valid net
        net = None
    if net is None:
        raise _Fail("type", _head_text(expr), "ONNX")
    try:
        return onnx_bytes(net, **settings)
    except OnnxError as err:
        raise _Fail("onnx", str(err))


def _onnx_settings(opts: dict) -> dict:
    """The ONNX Export options as ``onnx_bytes``'s arguments (Export::opttype for a value
    that is not one)."""
    from wlnet.net.onnx import OPSET, max_opset
    out = {}
    description = opts.get("Description", Symbol("None"))
    if type(description) is String:
        out["description"] = description.value
    elif description != Symbol("None"):
        raise _Fail("opttype", "Description", description, "a string or None")
    name = opts.get("GraphName", Symbol("Automatic"))
    if type(name) is String:
        out["graph_name"] = name.value
    elif name != Symbol("Automatic"):
        raise _Fail("opttype", "GraphName", name, "a string or Automatic")
    version = opts.get("ModelVersion", Integer(0))
    if type(version) is not Integer or version.value < 0:
        raise _Fail("opttype", "ModelVersion", version, "a non-negative integer")
    out["model_version"] = version.value
    opset = opts.get("OperatorSetVersion", Symbol("Automatic"))
    if type(opset) is Integer and OPSET <= opset.value <= max_opset():
        out["opset"] = opset.value
    elif opset != Symbol("Automatic"):
        raise _Fail("opttype", "OperatorSetVersion", opset,
                    f"Automatic or an integer from {OPSET} to {max_opset()}")
    external = opts.get("ExternalArrays", Symbol("Automatic"))
    if external not in (Symbol("Automatic"), Symbol("False")):
        raise _Fail("opttype", "ExternalArrays", external,
                    "wlnet writes the arrays into the model itself (Automatic or False)")
    return out


def _export_hdf5(expr, element) -> bytes:
    from wlnet.builtins.hdf5 import hdf5_bytes
    try:
        return hdf5_bytes(expr, element)
    except HDF5Error as err:
        raise _Fail("hdf5", err.reason)


def _head_text(expr) -> str:
    head = expr.head
    return head.name if type(head) is Symbol else "expression"


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _utf8(text: str) -> bytes:
    """UTF-8 of text, a lone surrogate written \\:d800 (it has no UTF-8 form)."""
    from wlnet.core.text import escape_surrogates
    return escape_surrogates(text).encode("utf-8")


def _export_package(expr) -> bytes:
    from wlnet.syntax.printer import input_form
    return _utf8(input_form(expr) + "\n")


def _export_mx(expr) -> bytes:
    """A wlnet .mx file (wlnet.core.text.MX_MAGIC): the expression's InputForm, compressed."""
    from wlnet.core.text import mx_bytes
    from wlnet.syntax.printer import input_form
    return mx_bytes(input_form(expr) + "\n")


def _export_wxf(expr) -> bytes:
    from wlnet.core.wxf import to_wxf
    return to_wxf(expr)


# "WMLF": what it stores (nets are checked as nets), and the header of wlnet's files
_WMLF_HEADS = ("ClassifierFunction", "PredictorFunction", "FeatureExtractorFunction",
               "DimensionReducerFunction", "LearnedDistribution", "AnomalyDetectorFunction",
               "SequencePredictorFunction", "ClassifierMeasurementsObject",
               "PredictorMeasurementsObject")
_WMLF_MAGIC = b"WLNET-WMLF\n"


def _export_wmlf(expr) -> bytes:
    from wlnet.core.wxf import to_wxf
    from wlnet.net.wlform import net_from_expr
    head = _head_text(expr) if type(expr) is Expr else "expression"
    if head not in _WMLF_HEADS:
        try:
            net = net_from_expr(expr)
        except Exception:                        # NetSpecError / NetTypeError: not a valid net
            net = None
        if net is None:
            raise _Fail("type", head, "WMLF")
    return _WMLF_MAGIC + to_wxf(expr)


def _import_wmlf(path: str):
    from wlnet.core.wxf import WXFError, from_wxf
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        if not data.startswith(_WMLF_MAGIC):
            raise _Fail("fmterr", "WMLF", "not a machine-learning file written by wlnet")
        return from_wxf(data[len(_WMLF_MAGIC):])
    except WXFError as err:
        raise _Fail("fmterr", "WMLF", err.reason)
    except OSError as err:
        raise _Fail("fmterr", "WMLF", f"cannot read the file ({err.strerror})")


def _export_text(expr) -> bytes:
    if type(expr) is String:
        return _utf8(expr.value)
    from wlnet.syntax.printer import output_form
    return _utf8(output_form(expr))


def _export_list(expr) -> bytes:
    """"List": one element a line, strings as they are, numbers as C writes them (2.5e-7),
    other elements in InputForm."""
    from wlnet.syntax.printer import input_form

    def line(x) -> str:
        if type(x) is String:
            return x.value
        text = input_form(x)
        return text.replace("*^", "e") if type(x) is Real else text
    items = expr.args if type(expr) is Expr and expr.head is S.List else (expr,)
    return _utf8("".join(line(x) + "\n" for x in items))


def _import_list(ev, path: str, element: str):
    """"List": a line each element, numbers read as numbers."""
    from wlnet.core.tables import read_field
    return Expr.from_args(S.List, (read_field(line)
                                   for line in _read_text(path, "List").splitlines()))


def _export_json(expr, opts: dict) -> bytes:
    text = _json_text(_to_json(expr), _compact_level(opts.get("Compact", FALSE)))
    # a lone surrogate can only sit inside a JSON string, where \ud800 is its escape
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")


def _export_expression_json(expr, opts: dict) -> bytes:
    from wlnet.builtins.expression_json import to_expression_json
    nulls = opts.get("NullSymbols", Expr(S.List))
    nulls = nulls.args if type(nulls) is Expr and nulls.head is S.List else (nulls,)
    if not all(type(x) is Symbol for x in nulls):
        raise _Fail("opttype", "NullSymbols", opts["NullSymbols"], "a list of symbols")
    text = _json_text(to_expression_json(expr, frozenset(nulls)),
                      _compact_level(opts.get("Compact", FALSE)))
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")


def _compact_level(compact) -> int | None:
    """The nesting level "Compact" puts on one line from (0: all, None: none)."""
    if compact is TRUE:
        return 0
    if type(compact) is Integer and compact.value >= 0:
        return compact.value
    if compact is FALSE:
        return None
    raise _Fail("opttype", "Compact", compact, "True, False or a nesting level")


def _json_text(value, inline_from, level: int = 0) -> str:
    """JSON as WL writes it: one element a line, indented by tabs, "key":value; from the
    nesting level ``inline_from`` on (0: everywhere, "Compact" -> True) on one line with no
    whitespace; None: nowhere."""
    if isinstance(value, dict):
        items = [json.dumps(k, ensure_ascii=False) + ":" + _json_text(v, inline_from, level + 1)
                 for k, v in value.items()]
        opening, closing = "{", "}"
    elif isinstance(value, list):
        items = [_json_text(v, inline_from, level + 1) for v in value]
        opening, closing = "[", "]"
    else:
        return json.dumps(value, ensure_ascii=False)
    if not items or (inline_from is not None and level >= inline_from):
        return opening + ",".join(items) + closing
    inner = "\t" * (level + 1)
    return opening + "\n" + ",\n".join(inner + i for i in items) + "\n" + "\t" * level + closing


def _to_json(e):
    t = type(e)
    if t is Integer or t is String:
        return e.value
    if t is Real:
        if not math.isfinite(e.value):
            raise _Fail("type", "a non-finite number", "JSON")
        return e.value
    if e is TRUE or e is FALSE:
        return e is TRUE
    if e is NULL or t is Expr and e.head is S.Missing:      # a missing value is null
        return None
    if t is Expr and e.head is S.List:
        if e.args and all(_is_rule(a) for a in e.args):
            return _json_object(e.args)
        return [_to_json(a) for a in e.args]
    if t is Expr and e.head is S.Association:
        return _json_object(e.args)
    raise _Fail("type", _head_text(e), "JSON")


def _is_rule(e) -> bool:
    return type(e) is Expr and e.head in (S.Rule, S.RuleDelayed) and len(e.args) == 2


def _json_object(rules) -> dict:
    out = {}
    for r in rules:
        if not (_is_rule(r) and type(r.args[0]) is String):
            raise _Fail("type", "an association with keys that are not strings", "JSON")
        out[r.args[0].value] = _to_json(r.args[1])
    return out


def _export_image(expr, fmt: str, opts: dict) -> bytes:
    image = expr if type(expr) is Image else _as_image(expr)
    if image is None:
        raise _Fail("type", _head_text(expr), fmt)
    resolution = _positive_number(opts.get("ImageResolution"), "ImageResolution")
    width = _positive_number(opts.get("ImageSize"), "ImageSize")
    if width is not None:
        image = resize(image, int(round(width)),
                       max(1, int(round(width * image.height / image.width))))
    return image_file_bytes(image, fmt, resolution)


def _positive_number(value, name: str) -> float | None:
    """An option's positive number (None when not given; Export::opttype when not one)."""
    if value is None:
        return None
    if type(value) is Expr and value.head is S.List and value.args:      # ImageSize -> {w, h}
        value = value.args[0]
    number = float_value(value)
    if number is None or number <= 0:
        raise _Fail("opttype", Symbol(name), value, "a positive number is expected")
    return number


def gif_bytes(expr, opts: dict) -> bytes:
    """A GIF of a picture (graphic or image), or an animated one of a list of pictures, a
    frame each (drawn at the first frame's size; a frame that is not a picture drawn as its
    text); anything else, a list of numbers too, drawn as its text.  AnimationRepetitions: how many times it
    plays (Infinity, the default: for ever); AnimationRate: frames a second;
    DisplayDurations: seconds, one for all frames or one a frame."""
    from wlnet.core.image import gif_file_bytes
    from wlnet.graphics import rasterize_pixels
    from wlnet.graphics.values import is_picture
    frames = list(expr.args) if type(expr) is Expr and expr.head is S.List else [expr]
    if not any(type(f) is Image or is_picture(f) for f in frames):
        frames = [expr]                           # not frames: the expression as its text
    silent = lambda *message: None                # noqa: E731 - drawing notes have no place here
    images = [f if type(f) is Image else _as_image(f) if not is_picture(f)
              else Image(rasterize_pixels(f, silent)) for f in frames]
    if any(image is None for image in images):
        raise _Fail("type", _head_text(expr), "GIF")
    width = _positive_number(opts.get("ImageSize"), "ImageSize")
    first = images[0]
    size = (first.width, first.height) if width is None else \
        (int(width), max(1, round(width * first.height / first.width)))
    images = [im if (im.width, im.height) == size else resize(im, *size) for im in images]
    return gif_file_bytes(images, _frame_durations(opts, len(images)),
                          _gif_loop(opts.get("AnimationRepetitions", S.Infinity)))


def _gif_loop(repetitions) -> int | None:
    """The GIF's loop count of AnimationRepetitions: plays after the first (0: for ever)."""
    if repetitions == S.Infinity or repetitions == Expr(S.DirectedInfinity, Integer(1)):
        return 0
    times = int(_positive_number(repetitions, "AnimationRepetitions"))
    return times - 1 if times > 1 else None


def _frame_durations(opts: dict, count: int) -> list[float]:
    """Seconds a frame, from DisplayDurations or AnimationRate (0.25 s by default)."""
    given = opts.get("DisplayDurations")
    if type(given) is Expr and given.head is S.List:
        seconds = [_positive_number(d, "DisplayDurations") for d in given.args]
        if len(seconds) != count:
            raise _Fail("opttype", Symbol("DisplayDurations"), given,
                        f"one duration for each of the {count} frames is expected")
    elif given is not None:
        seconds = [_positive_number(given, "DisplayDurations")] * count
    elif "AnimationRate" in opts:
        seconds = [1 / _positive_number(opts["AnimationRate"], "AnimationRate")] * count
    else:
        seconds = [0.25] * count
    return seconds


def _export_audio(expr) -> bytes:
    from wlnet.core.audio import Audio, AudioFileError, wav_bytes
    if type(expr) is not Audio:
        raise _Fail("type", _head_text(expr), "WAV")
    try:
        return wav_bytes(expr)
    except AudioFileError:
        raise _Fail("type", "An Audio object of a fractional sample rate", "WAV")


def _as_image(expr):
    """Other lines' graphics (plots) that know how to rasterise themselves; any other
    expression, a list of numbers too, as its text drawn (Export["x.png", expr] pictures
    what would be shown, as the Wolfram Language does; a list holding pictures was drawn
    as their row before this)."""
    to_image = getattr(expr, "to_image", None)
    if to_image is not None:
        image = to_image()
        return image if type(image) is Image else None
    from wlnet.graphics import rasterize
    from wlnet.graphics.builtins import text_picture
    return rasterize(text_picture(expr), lambda *message: None)


def _export_vector(fmt: str):
    """Export to SVG, PDF or EPS of what is not a picture (pictures are exported by
    wlnet.graphics before this): its text drawn, as the raster formats do."""
    def write(expr, opts) -> bytes:
        from wlnet.graphics import export_bytes
        from wlnet.graphics.builtins import text_picture
        from wlnet.graphics.values import is_picture
        resolution = _positive_number(opts.get("ImageResolution"), "ImageResolution")
        picture = expr if is_picture(expr) else text_picture(expr)
        return export_bytes(picture, fmt, lambda *message: None, resolution or 72)
    return write


def _export_binary(fmt: str):
    """Export[file, array, "Real32"]: the numbers in order, each as the type says (a
    program saves each of a net's arrays so for another engine to read)."""
    def write(expr) -> bytes:
        import numpy as np
        from wlnet.core.numeric_array import to_numpy_data
        values = to_numpy_data(expr)
        if values is None:
            number = float_value(expr)
            values = None if number is None else np.array([expr.value if type(expr) is Integer
                                                           else number])
        dtype = np.dtype(BINARY_FORMATS[fmt])
        if values is None or values.dtype.kind not in "iuf" or (
                dtype.kind in "iu" and (values.dtype.kind == "f" or values.size and (
                    values.min() < np.iinfo(dtype).min or values.max() > np.iinfo(dtype).max))):
            raise _Fail("type", expr, fmt)
        return np.ascontiguousarray(values, dtype=dtype).tobytes()
    return write


def _import_binary(fmt: str):
    def read(ev, path: str, element: str):
        import numpy as np
        from wlnet.core.packed import list_from_array
        with open(path, "rb") as fh:
            data = fh.read()
        dtype = np.dtype(BINARY_FORMATS[fmt])
        whole = len(data) - len(data) % dtype.itemsize      # a partial last number is left
        values = np.frombuffer(data[:whole], dtype=dtype)
        return list_from_array(values.astype(np.float64 if dtype.kind == "f" else np.int64))
    return read


_EXPORTERS = {"WLNet": _export_net, "Package": _export_package, "Text": _export_text,
              "JSON": _export_json, "RawJSON": _export_json,
              "ExpressionJSON": _export_expression_json,
              "PNG": lambda expr, opts: _export_image(expr, "PNG", opts),
              "JPEG": lambda expr, opts: _export_image(expr, "JPEG", opts), "ONNX": _export_onnx,
              "GIF": gif_bytes,
              "MX": _export_mx, "WXF": _export_wxf, "WMLF": _export_wmlf,
              "WAV": lambda expr: _export_audio(expr),
              "List": _export_list, "MAT": lambda expr, opts: _export_mat(expr, opts),
              "XLSX": lambda expr: _export_xlsx(expr),
              "MIDI": lambda expr: _export_midi(expr),
              **{fmt: _export_vector(fmt) for fmt in ("SVG", "PDF", "EPS")}}


def _export_xlsx(expr) -> bytes:
    from wlnet.builtins.xlsx import xlsx_bytes
    try:
        return xlsx_bytes(expr)
    except XLSXError as err:
        raise _Fail("fmterr", "XLSX", err.reason)


def _export_midi(expr) -> bytes:
    from wlnet.builtins.midi import midi_bytes
    try:
        return midi_bytes(expr)
    except MIDIError as err:
        raise _Fail("fmterr", "MIDI", err.reason)


def _export_mat(expr, opts: dict) -> bytes:
    from wlnet.builtins.matfile import mat_bytes, version_option
    try:
        return mat_bytes(expr, version_option(opts))
    except MATError as err:
        raise _Fail("mat", err.reason)


def _import_mat(ev, path: str, element: str):
    from wlnet.builtins.matfile import import_mat
    try:
        return import_mat(path, element)
    except MATError as err:
        raise _Fail("fmterr", "MAT", err.reason)


# ---------------------------------------------------------------------------- Import

@builtin("Import", argc=(1, None),
         usage="Import[\"file.ext\"] reads the file in the format its extension names; "
               "Import[file, elem] gives one element (for .wlnet: \"Net\", "
               "\"UninitializedNet\", \"ArrayList\", \"ArrayAssociation\", \"WLVersion\", "
               "\"Elements\"; for .onnx also \"OperatorSetVersion\", \"ProducerName\" and the "
               "model's other metadata; for .csv/.tsv: \"Data\", \"Dataset\"); Import[file, \"format\"] "
               "names the format.  Tables take HeaderLines, \"FieldSeparators\", \"Numeric\" "
               "and \"EmptyField\".",
         messages=IMPORT_MESSAGES)
def import_(ev, file, *rest):
    what = rest[0] if rest and not _is_rule(rest[0]) else None
    options = rest[1:] if what is not None else rest
    path = _path(file)
    if path is None:
        ev.message(S.Import, "chtype", file)
        return FAILED
    try:
        if not all(_is_rule(o) for o in options):
            return None
        fmt, element, args = _import_request(path, file, what)
        opts = _import_options(fmt, options, Expr(S.Import, file, *rest))
        if not os.path.isfile(path):
            raise _Fail("nffil", file)
        if element == "Elements":
            return Expr.from_args(S.List, (String(x) for x in IMPORT_ELEMENTS[fmt]))
        if fmt in TABLE_SEPARATORS:
            table = _import_table(ev, path, element, fmt, opts)
            # {"Data", i, j…}: those parts of the table, as Part takes them
            return ev.evaluate(Expr(S.Part, table, *args)) if args else table
        if fmt in _IMPORTERS_WITH_ARGUMENTS:
            return _IMPORTERS_WITH_ARGUMENTS[fmt](ev, path, element, args)
        return _IMPORTERS[fmt](ev, path, element)
    except _Fail as fail:
        ev.message(S.Import, fail.tag, *fail.slots)
        return FAILED


# ---------------------------------------------------------------------------- tables

# "Table" (.dat) is whitespace-separated: read with its runs of blanks made one tab, written
# with tabs (as WL writes it)
TABLE_SEPARATORS = {"CSV": ",", "TSV": "\t", "Table": "\t"}
_TABLE_OPTIONS = ("HeaderLines", "FieldSeparators", "Numeric", "EmptyField")


def _import_options(fmt: str, options, call) -> dict:
    """The options of an Import, by name (a format other than a table takes none)."""
    known = _TABLE_OPTIONS if fmt in TABLE_SEPARATORS else ()
    out = {}
    for rule in options:
        key = rule.args[0]
        name = key.name if type(key) is Symbol else getattr(key, "value", None)
        if name not in known:
            raise _Fail("optx", key, call)
        out[name] = rule.args[1]
    return out


def _table_settings(fmt: str, opts: dict) -> tuple:
    """(separator, header lines, numeric, empty field) from a table Import's options."""
    separator = TABLE_SEPARATORS[fmt]
    sep = opts.get("FieldSeparators")
    if sep is not None:
        if type(sep) is Expr and sep.head is S.List and len(sep.args) == 1:
            sep = sep.args[0]
        if type(sep) is not String or len(sep.value) != 1:
            raise _Fail("opttype", "FieldSeparators", sep, "a one-character string")
        separator = sep.value
    header = opts.get("HeaderLines", Integer(0))
    if type(header) is not Integer or header.value < 0:
        raise _Fail("opttype", "HeaderLines", header, "a non-negative integer")
    numeric = opts.get("Numeric", TRUE)
    if numeric not in (TRUE, FALSE):
        raise _Fail("opttype", "Numeric", numeric, "True or False")
    return separator, header.value, numeric is TRUE, opts.get("EmptyField")


def _import_table(ev, path: str, element: str, fmt: str, opts: dict):
    from wlnet.core.tables import TableError, read_table
    separator, header_lines, numeric, empty = _table_settings(fmt, opts)
    if element == "Dataset" and "HeaderLines" not in opts:
        header_lines = 0
    try:
        text = _read_text(path, fmt)
        if fmt == "Table" and "FieldSeparators" not in opts:
            text = "\n".join("\t".join(line.split()) for line in text.splitlines())
        header, rows = read_table(text, separator, header_lines,
                                  numeric and element != "RawData", empty)
    except TableError as err:
        raise _Fail("fmterr", fmt, str(err))
    if element == "Grid":
        return Expr(Symbol("Grid"), rows)
    if element != "Dataset":
        return rows
    if not header:
        return Expr(Symbol("Dataset"), rows)
    keys = [String(k) for k in header[-1]]
    return Expr(Symbol("Dataset"), Expr.from_args(S.List, (
        Expr.from_args(S.Association, (Expr(S.Rule, k, v) for k, v in zip(keys, row.args)))
        for row in rows.args)))


_TABLE_WRAPPERS = (Symbol("Dataset"), Symbol("Grid"), Symbol("TableForm"),
                   Symbol("MatrixForm"))


def _export_table(fmt: str):
    def export_table(expr) -> bytes:
        from wlnet.core.tables import TableError, write_table
        # a Dataset, a Grid or a table form is written as the rows it shows
        data = expr.args[0] if type(expr) is Expr and expr.head in _TABLE_WRAPPERS \
            and expr.args else expr
        try:
            return _utf8(write_table(data, TABLE_SEPARATORS[fmt]))
        except TableError:
            raise _Fail("type", _head_text(expr), fmt)
    return export_table


_EXPORTERS.update({fmt: _export_table(fmt) for fmt in TABLE_SEPARATORS})
_EXPORTERS.update({fmt: _export_binary(fmt) for fmt in BINARY_FORMATS})


def _unknown_format(path: str, file) -> "_Fail":
    """The failure for a file wlnet has no importer for: a format the Wolfram Language
    reads but wlnet does not yet (Import::fmtna), else one nobody can infer (infer)."""
    wl_format = WL_ONLY_FORMAT_OF_EXTENSION.get(os.path.splitext(path)[1].lower())
    if wl_format is None:
        return _Fail("infer", file)
    readable = ", ".join(f for f in IMPORT_ELEMENTS if f != "RawJSON")
    return _Fail("fmtna", file, wl_format, readable)


def _import_request(path: str, file, what) -> tuple[str, str, tuple]:
    """(format, element, sub-element arguments) for Import[file] / Import[file, elem |
    "fmt" | {"fmt", elem, …} | {elem, arg, …}] ({"Data", "/name"} of an HDF5 file)."""
    fmt = _format_of(path)
    element, args = None, ()
    if type(what) is Expr and what.head is S.List and len(what.args) >= 2:
        first, named = what.args[0], _format_name(what.args[0])
        if named not in IMPORT_ELEMENTS and type(first) is String \
                and first.value in IMPORT_ELEMENTS.get(fmt, ()):
            element, args = first, what.args[1:]
        else:
            fmt, element, args = _format_name(first), what.args[1], what.args[2:]
            if fmt not in IMPORT_ELEMENTS:
                raise _Fail("fmtnosup", first)
    elif what is not None:
        named = _format_name(what)
        known = IMPORT_ELEMENTS.get(fmt, ())
        if type(what) is String and (what.value in known or what.value == "Elements"):
            element = what
        elif named in IMPORT_ELEMENTS:
            fmt = named
        else:
            if fmt is None:
                raise _unknown_format(path, file)
            raise _Fail("noelem", what, fmt)
    if fmt is None:
        raise _unknown_format(path, file)
    if element is None:
        return fmt, DEFAULT_ELEMENT[fmt], ()
    if not (type(element) is String and (element.value in IMPORT_ELEMENTS[fmt]
                                         or element.value == "Elements")):
        raise _Fail("noelem", element, fmt)
    if args and fmt not in _IMPORTERS_WITH_ARGUMENTS and not (
            fmt in TABLE_SEPARATORS and element.value in ("Data", "RawData")):
        raise _Fail("noelem", what, fmt)
    return fmt, element.value, args


def _import_net(ev, path: str, element: str):
    from wlnet.net.serialize import NetFileError, read_arrays, read_header, read_net_file
    try:
        if element in ("WLVersion", "ArrayList"):
            with open(path, "rb") as fh:
                data = fh.read()
            meta = read_header(data)
            if element == "WLVersion":
                return String(meta["wl_version"])
            return Expr.from_args(S.List, read_arrays(data))
        from wlnet.net.coders.base import sampling_with
        with sampling_with(ev.rng, ev):          # images or audio in coders: read in the session
            loaded = read_net_file(path)
    except NetFileError as err:
        raise _Fail("fmterr", "WLNet", err.reason)
    except OSError as err:
        raise _Fail("fmterr", "WLNet", f"cannot read the file ({err.strerror})")
    return _net_element(loaded.net, element)


def _net_element(net, element: str):
    """The "Net", "UninitializedNet", "ArrayAssociation" or "ArrayList" of a net read from a
    file."""
    from wlnet.net.information import position_key
    from wlnet.net.serialize import uninitialized
    from wlnet.net.wlform import net_to_expr
    if element == "Net":
        return net_to_expr(net)
    if element == "UninitializedNet":
        return net_to_expr(uninitialized(net))
    if element == "ArrayList":
        return Expr.from_args(S.List, net.arrays.values())
    from wlnet.net.coders.base import assoc
    return assoc((position_key(p[:-2], p[-1]), arr) for p, arr in net.arrays.items())


def _import_onnx(ev, path: str, element: str):
    from wlnet.net.onnx import OnnxError, net_expr_from_onnx
    from wlnet.net.onnx_import import METADATA_ELEMENTS, model_metadata
    from wlnet.net.errors import NetSpecError
    from wlnet.net.shape import NetTypeError
    from wlnet.net.wlform import net_from_expr
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        if element in METADATA_ELEMENTS:
            return model_metadata(data, element)
        if element == "NetExternalObject":     # the model as it is, run by onnxruntime
            return _external_object(data)
        expr = net_expr_from_onnx(data, os.path.dirname(os.path.abspath(path)))
        net = net_from_expr(ev.evaluate(expr))          # the layers' own construction
        if net is None:
            raise OnnxError("its layers do not make a net")
        return _net_element(net, element)
    except OnnxError as err:
        raise _Fail("fmterr", "ONNX", str(err))
    except (NetSpecError, NetTypeError) as err:
        raise _Fail("fmterr", "ONNX", f"its layers do not make a net ({type(err).__name__})")
    except OSError as err:
        raise _Fail("fmterr", "ONNX", f"cannot read the file ({err.strerror})")


def _external_object(data: bytes):
    from wlnet.builtins.net_external import external_object_from_bytes
    from wlnet.net.external import ExternalModelError
    try:
        return external_object_from_bytes("ONNX", data)
    except ExternalModelError as err:
        raise _Fail("fmterr", "ONNX", str(err.slots[-1]) if err.slots else err.tag)


def _read_text(path: str, fmt: str) -> str:
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except UnicodeDecodeError:
        raise _Fail("fmterr", fmt, "the file is not UTF-8 text")
    except OSError as err:
        raise _Fail("fmterr", fmt, f"cannot read the file ({err.strerror})")


def _import_package(ev, path: str, element: str):
    if element == "Expression":
        return ev.evaluate(Expr(S.Get, String(path)))
    text = _read_text(path, "Package")
    if element == "Text":
        return String(text)
    from wlnet.syntax.parser import WLSyntaxError, parse_script
    try:
        statements = parse_script(text)
    except WLSyntaxError as err:
        raise _Fail("fmterr", "Package", str(err))
    return Expr.from_args(S.List, (Expr(S.HoldComplete, s) for s in statements))


def _import_text(ev, path: str, element: str):
    text = _read_text(path, "Text")
    if element == "Lines":
        return Expr.from_args(S.List, (String(x) for x in text.splitlines()))
    if element == "Words":
        return Expr.from_args(S.List, (String(x) for x in text.split()))
    return String(text)


def _import_json(ev, path: str, element: str, raw: bool = False):
    text = _read_text(path, "JSON")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as err:
        raise _Fail("fmterr", "RawJSON" if raw else "JSON", f"not valid JSON ({err})")
    return maybe_pack(_from_json(data, raw))     # an array of numbers: a packed array


def _import_expression_json(ev, path: str, element: str):
    from wlnet.builtins.expression_json import ExpressionJSONError, expression_from_json_text
    try:
        return expression_from_json_text(_read_text(path, "ExpressionJSON"))
    except ExpressionJSONError as err:
        raise _Fail("fmterr", "ExpressionJSON", str(err))


def _from_json(x, raw: bool):
    if isinstance(x, dict):
        rules = (Expr(S.Rule, String(k), _from_json(v, raw)) for k, v in x.items())
        return Expr.from_args(S.Association if raw else S.List, rules)
    if isinstance(x, list):
        return Expr.from_args(S.List, (_from_json(v, raw) for v in x))
    if isinstance(x, bool):
        return TRUE if x else FALSE
    if x is None:
        return NULL
    if isinstance(x, int):
        return Integer(x)
    if isinstance(x, float):
        return Real(x)
    return String(x)


def _import_image(ev, path: str, element: str, fmt: str):
    from wlnet.core.image import read_image_frames
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        frames = read_image_frames(data) if fmt == "GIF" else [read_image(data)]
    except ImageFileError as err:
        raise _Fail("fmterr", fmt, str(err))
    except OSError as err:
        raise _Fail("fmterr", fmt, f"cannot read the file ({err.strerror})")
    image = frames[0]
    if element == "ImageCount":
        return Integer(len(frames))
    if element == "ImageList" or (element == "Default" and len(frames) > 1):
        return Expr.from_args(S.List, frames)
    if element == "ImageSize":
        return Expr(S.List, Integer(image.width), Integer(image.height))
    if element == "Data":
        return _pixel_data(image)
    if element in _IMAGE_PROPERTIES:
        return _IMAGE_PROPERTIES[element](image)
    return image


# the Import elements that describe an image file's pixels (WL's raster formats' pages)
_IMAGE_PROPERTIES = {
    "BitDepth": lambda im: Integer({"Bit": 1, "Byte": 8, "Bit16": 16}.get(im.image_type, 32)),
    "Channels": lambda im: Integer(im.channels),
    "ColorSpace": lambda im: String(im.color_space),
    "DataType": lambda im: String(im.image_type),
}


def _pixel_data(image: Image):
    """The "Data" element: the pixel values as stored (0..255 for an 8-bit file, 0..65535
    for a 16-bit one, 0 and 1 for a 1-bit one), as WL's image formats give them."""
    from wlnet.core.packed import list_from_array
    values = image.integers(image.image_type) if image.image_type in ("Bit", "Byte", "Bit16") \
        else image.reals()
    return list_from_array(values if image.channels > 1 else values[:, :, 0])


def _import_audio(ev, path: str, element: str):
    from wlnet.builtins.audio import read_audio_file
    from wlnet.core.audio import AudioFileError
    try:
        audio = read_audio_file(path)
    except AudioFileError as err:
        raise _Fail("fmterr", "WAV", str(err))
    if element == "SampleRate":
        return Integer(audio.sample_rate) if isinstance(audio.sample_rate, int) \
            else Real(audio.sample_rate)
    if element == "Data":
        from wlnet.core.numeric_array import reals_expr
        return reals_expr(audio.reals())
    return audio


def _import_notebook(ev, path: str, element: str):
    from wlnet.notebook import NotebookError, input_texts, read_notebook
    try:
        if element == "InputText":
            return Expr.from_args(S.List, (String(t) for t in input_texts(path)))
        return Expr(S.HoldComplete, read_notebook(path))
    except NotebookError as err:
        raise _Fail("fmterr", "Notebook", err.reason)


_IMPORTERS = {"WLNet": _import_net, "Package": _import_package, "Text": _import_text,
              "JSON": _import_json,
              "RawJSON": lambda ev, path, element: _import_json(ev, path, element, raw=True),
              "ExpressionJSON": _import_expression_json,
              "PNG": lambda ev, path, element: _import_image(ev, path, element, "PNG"),
              "JPEG": lambda ev, path, element: _import_image(ev, path, element, "JPEG"),
              "GIF": lambda ev, path, element: _import_image(ev, path, element, "GIF"),
              "Notebook": _import_notebook, "ONNX": _import_onnx, "WAV": _import_audio,
              "List": _import_list,
              "MX": lambda ev, path, element: ev.evaluate(Expr(S.Get, String(path))),
              "WXF": lambda ev, path, element: _import_wxf(path),
              "WMLF": lambda ev, path, element: _import_wmlf(path), "MAT": _import_mat,
              "XML": lambda ev, path, element: _import_xml(path, element),
              **{name: _import_binary(name) for name in BINARY_FORMATS}}


def _import_xml(path: str, element: str):
    from wlnet.builtins.xml_format import XMLFormatError, import_xml
    try:
        with open(path, "rb") as fh:
            return import_xml(fh.read(), element)
    except XMLFormatError as err:
        raise _Fail("fmterr", "XML", err.reason)
    except OSError as err:
        raise _Fail("fmterr", "XML", f"cannot read the file ({err.strerror})")


def _import_wxf(path: str):
    from wlnet.core.wxf import WXFError, from_wxf
    try:
        with open(path, "rb") as fh:
            return from_wxf(fh.read())
    except WXFError as err:
        raise _Fail("fmterr", "WXF", err.reason)
    except OSError as err:
        raise _Fail("fmterr", "WXF", f"cannot read the file ({err.strerror})")


def _import_hdf5(ev, path: str, element: str, args: tuple):
    from wlnet.builtins.hdf5 import import_element
    try:
        return import_element(path, element, args)
    except HDF5Error as err:
        raise _Fail("fmterr", "HDF5", err.reason)


def _import_xlsx(ev, path: str, element: str, args: tuple):
    from wlnet.builtins.xlsx import import_xlsx
    try:
        return import_xlsx(ev, path, element, args)
    except XLSXError as err:
        raise _Fail("fmterr", "XLSX", err.reason)


def _import_netcdf(ev, path: str, element: str, args: tuple):
    from wlnet.builtins.nc_format import import_netcdf
    try:
        return import_netcdf(path, element, args)
    except NetCDFError as err:
        raise _Fail("fmterr", "NetCDF", err.reason)


def _import_midi(ev, path: str, element: str, args: tuple):
    from wlnet.builtins.midi import import_midi
    try:
        return import_midi(path, element, args)
    except MIDIError as err:
        raise _Fail("fmterr", "MIDI", err.reason)


# the formats whose elements take arguments ({"Data", "/group/name"}, {"Data", sheet, rows},
# {"Datasets", "precip"}, {"SoundNotes", track})
_IMPORTERS_WITH_ARGUMENTS = {"HDF5": _import_hdf5, "XLSX": _import_xlsx,
                             "NetCDF": _import_netcdf, "MIDI": _import_midi}


# ---------------------------------------------------------------------------- notebooks

_CELL_TEXT_FORMS = ("InputText", "Text", "HeldExpression")


@builtin("NotebookImport", argc=2,
         usage="NotebookImport[\"file.nb\", style -> \"InputText\"] gives the text of the "
               "notebook's cells of that style (\"Input\", \"Code\", or a list of styles) "
               "as strings; -> \"HeldExpression\" gives them parsed, held.",
         messages={"fmterr": "Cannot import `1` as a notebook: `2`.",
                   "nffil": "File `1` not found during NotebookImport.",
                   "form": "`1` is not a style -> form specification with form \"InputText\" "
                           "or \"HeldExpression\"."})
def notebook_import(ev, file, spec):
    from wlnet.notebook import NotebookError, cell_texts
    path = _path(file)
    if path is None or not os.path.isfile(path):
        ev.message(S.NotebookImport, "nffil", file)
        return FAILED
    styles = _cell_styles(spec)
    form = spec.args[1].value if styles and type(spec.args[1]) is String else None
    if not styles or form not in _CELL_TEXT_FORMS:
        ev.message(S.NotebookImport, "form", spec)
        return FAILED
    try:
        texts = cell_texts(path, styles)
    except NotebookError as err:
        ev.message(S.NotebookImport, "fmterr", file, err.reason)
        return FAILED
    if form != "HeldExpression":
        return Expr.from_args(S.List, (String(t) for t in texts))
    return _held_cells(ev, texts)


def _cell_styles(spec) -> tuple | None:
    if not _is_rule(spec):
        return None
    lhs = spec.args[0]
    if type(lhs) is String:
        return (lhs.value,)
    if type(lhs) is Expr and lhs.head in (S.List, S.Alternatives) and all(
            type(a) is String for a in lhs.args):
        return tuple(a.value for a in lhs.args)
    return None


def _held_cells(ev, texts):
    from wlnet.syntax.parser import WLSyntaxError, parse_script
    out = []
    for text in texts:
        try:
            out.extend(Expr(S.HoldComplete, s) for s in parse_script(text))
        except WLSyntaxError as err:
            ev.message("Syntax", "sntx", str(err))
            out.append(FAILED)
    return Expr.from_args(S.List, out)


# ---------------------------------------------------------------------------- strings

def _extension_of(fmt: str) -> str | None:
    return next((ext for ext, name in FORMAT_OF_EXTENSION.items() if name == fmt), None)


@builtin("ExportString", argc=(2, None),
         usage="ExportString[expr, \"format\"] is the text Export would write to a file in "
               "that format (\"JSON\", \"CSV\", \"Text\", \"Package\", …).",
         examples=(('ExportString[{1, 2}, "JSON"]', '"[\\n\\t1,\\n\\t2\\n]"'),
                   ('ExportString[{{1, 2}, {3, 4}}, "CSV"]', '"1,2\\n3,4\\n"')),
         messages=EXPORT_MESSAGES)
def export_string(ev, expr, fmt, *options):
    if not all(_is_rule(o) for o in options):
        return None
    data = _exported_bytes(ev, S.ExportString, expr, fmt, options,
                           Expr(S.ExportString, expr, fmt, *options))
    if data is None:
        return FAILED
    try:
        return String(data.decode("utf-8"))
    except UnicodeDecodeError:          # binary formats: one character per byte, as WL
        return String(data.decode("latin-1"))


@builtin("ImportString", argc=(1, None),
         usage="ImportString[\"text\", \"format\"] reads the text as Import reads a file of "
               "that format (default \"Text\"); ImportString[text, {format, elem}] one "
               "element.",
         examples=(('ImportString["[1, 2]", "JSON"]', "{1, 2}"),
                   ('ImportString["1,2\\n3,4", "CSV"]', "{{1, 2}, {3, 4}}")),
         messages=IMPORT_MESSAGES)
def import_string(ev, text, fmt=None, *options):
    if type(text) is not String:
        ev.message(S.ImportString, "chtype", text)
        return FAILED
    read = _import_spec(ev, S.ImportString, fmt)
    if read is None:
        return FAILED
    name, spec = read
    binary = name in ("PNG", "JPEG", "GIF", "WLNet", "ONNX", "MX", "HDF5", "WXF", "WMLF")
    data = text.value.encode("latin-1" if binary else "utf-8")
    return _import_bytes(ev, data, name, spec, options)


def _import_spec(ev, head, fmt):
    """(format name, (format, elements…)) of ImportString's or ImportByteArray's format
    argument (default "Text"), or None after a message."""
    spec = fmt.args if fmt is not None and type(fmt) is Expr and fmt.head is S.List else \
        ((fmt,) if fmt is not None else (String("Text"),))
    name = _format_name(spec[0])
    if name not in IMPORT_ELEMENTS and type(spec[0]) is String \
            and spec[0].value in IMPORT_ELEMENTS["Text"]:
        name, spec = "Text", (String("Text"), spec[0])     # an element of text: "Lines"
    if name not in IMPORT_ELEMENTS:
        ev.message(head, "fmtnosup", spec[0])
        return None
    return name, spec


def _import_bytes(ev, data: bytes, name: str, spec: tuple, options: tuple):
    """Import of ``data`` as a file of format ``name`` (spec: the format and elements)."""
    import tempfile
    extension = _extension_of(name) or ".txt"
    with tempfile.TemporaryDirectory(prefix="wlnet-import-") as folder:
        path = os.path.join(folder, "data" + extension)
        with open(path, "wb") as handle:
            handle.write(data)
        # the format named with its element, so that the file's extension does not decide
        what = Expr(S.List, String(name), *spec[1:]) if len(spec) > 1 else String(name)
        return import_(ev, String(path), what, *options)


@builtin("ExportByteArray", argc=(2, None),
         usage="ExportByteArray[expr, \"format\"] is a ByteArray of the bytes Export would "
               "write to a file in that format.",
         examples=(('Normal[ExportByteArray[{1, x}, "WXF"]][[;; 4]]', "{56, 58, 102, 2}"),),
         messages=EXPORT_MESSAGES)
def export_byte_array(ev, expr, fmt, *options):
    from wlnet.builtins.text_extra import byte_array_expr
    if not all(_is_rule(o) for o in options):
        return None
    data = _exported_bytes(ev, S.ExportByteArray, expr, fmt, options,
                           Expr(S.ExportByteArray, expr, fmt, *options))
    return FAILED if data is None else byte_array_expr(data)


@builtin("ImportByteArray", argc=(1, None),
         usage="ImportByteArray[ba, \"format\"] reads the bytes of the ByteArray ba as Import "
               "reads a file of that format; ImportByteArray[ba, {format, elem}] one element.",
         examples=(('ImportByteArray[ExportByteArray[{1, 2.5}, "WXF"], "WXF"]', "{1, 2.5}"),),
         messages=IMPORT_MESSAGES)
def import_byte_array(ev, data, fmt=None, *options):
    from wlnet.builtins.text_extra import bytes_of
    raw = bytes_of(data) if type(data) is Expr and data.head is S.ByteArray else None
    if raw is None:
        ev.message(S.ImportByteArray, "nba", data)
        return FAILED
    read = _import_spec(ev, S.ImportByteArray, fmt)
    if read is None:
        return FAILED
    name, spec = read
    return _import_bytes(ev, raw, name, spec, options)
