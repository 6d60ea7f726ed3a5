"""Import of XML (wlnet/builtins/xml_format.py): symbolic XML as WL's default import gives
it — whitespace normalised, CDATA as text, comments left out, values as strings."""

from tests.builtins._support import check, run

VOC = """<?xml version="1.0" encoding="UTF-8"?>
<!-- an annotation -->
<annotation>
  <size>
    <width>500</width>
    <height> 375 </height>
  </size>
  <object kind="box">
    <name>horse</name>
    <note>a  long
      note<![CDATA[ & more]]></note>
    <bndbox><xmin>53</xmin><ymax>355</ymax></bndbox>
  </object>
</annotation>
"""


def _write(tmp_path, text=VOC):
    path = tmp_path / "a.xml"
    path.write_text(text)
    return str(path)


def test_the_document_and_its_elements(tmp_path):
    path = _write(tmp_path)
    check(f'Import["{path}"][[1]]',
          '{XMLObject["Declaration"]["Version" -> "1.0", "Encoding" -> "UTF-8"]}')
    check(f'Import["{path}", "XMLElement"][[1, 3, 1]]',
          'XMLElement["size", {}, {XMLElement["width", {}, {"500"}], '
          'XMLElement["height", {}, {"375"}]}]')
    check(f'Cases[Import["{path}", "XMLElement"], XMLElement["object", a_, _] :> a, Infinity]',
          '{{"kind" -> "box"}}')
    check(f'Cases[Import["{path}", "XML"], XMLElement["note", _, {{t_}}] :> t, Infinity]',
          '{"a long note & more"}')
    check(f'Import["{path}", "Tags"]',
          '{"annotation", "bndbox", "height", "name", "note", "object", "size", "width", '
          '"xmin", "ymax"}')


def test_a_pascal_voc_reader():
    # the reading a detector's data utilities do: the height, then corners flipped up
    text = VOC.replace('"', '\\"').replace("\n", "\\n")
    check(f'x = ImportString["{text}", {{"XML", "XMLElement"}}]; '
          'h = FromDigits[Cases[Cases[x[[1, 3]], XMLElement["size", _, _]][[1, 3]], '
          'XMLElement["height", _, _]][[1, 3, 1]]]; '
          'b = First[Cases[x, XMLElement["bndbox", _, c_] :> c, Infinity]]; '
          '{h, h - FromDigits[Cases[b, XMLElement["ymax", _, {v_}] :> v][[1]]]}', "{375, 20}")


def test_namespaces_and_bad_xml(tmp_path):
    path = _write(tmp_path, '<svg xmlns="http://www.w3.org/2000/svg" '
                            'xmlns:xl="http://www.w3.org/1999/xlink"><a xl:href="#p"/></svg>')
    check(f'Import["{path}", "XMLElement"]',
          '{XMLElement["svg", {{"http://www.w3.org/2000/xmlns/", "xmlns"} -> '
          '"http://www.w3.org/2000/svg", {"http://www.w3.org/2000/xmlns/", "xl"} -> '
          '"http://www.w3.org/1999/xlink"}, {XMLElement["a", '
          '{{"http://www.w3.org/1999/xlink", "href"} -> "#p"}, {}]}]}')
    bad = _write(tmp_path, "<a><b></a>")
    assert run(f'Import["{bad}"]').tags == ["Import::fmterr"]
