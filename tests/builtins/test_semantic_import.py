"""SemanticImport and SemanticImportString (the reference page's forms; WL's own free-form
types need its linguistic service and are refused)."""

import pytest

from tests.builtins._support import check, check_example, declared_examples, run

TABLE = '"name,age,born\\nann,31,1993-02-01\\nbob,,1990-07-12\\ncid,x7,1988-01-01"'


def test_a_table_with_a_header_is_a_dataset_of_associations():
    check(f'Normal[SemanticImportString[{TABLE}]][[1, {{"name", "age"}}]]',
          '<|"name" -> "ann", "age" -> 31|>')
    check(f'Normal[SemanticImportString[{TABLE}]][[1, "born"]] // {{Head[#], First[#]}} &',
          '{DateObject, {1993, 2, 1}}')
    # an empty field is Missing["Empty"]; text in a column of numbers stays text
    check(f'Normal[SemanticImportString[{TABLE}]][[All, "age"]]',
          '{31, Missing["Empty"], "x7"}')
    check(f'Head[SemanticImportString[{TABLE}]]', "Dataset")


def test_types_and_columns():
    check('SemanticImportString["name,age\\nann,31\\nbob,40", {"String", "Real"}, "Columns"]',
          '{{"ann", "bob"}, {31., 40.}}')
    check('SemanticImportString["name,age\\nann,31\\nbob,40", "age" -> "Integer", "List"]',
          "{31, 40}")
    check('SemanticImportString["a,b,c\\n1,2,3", {2 -> "String", 1 -> Automatic}, "Rows"]',
          '{{"2", 1}}')
    check('SemanticImportString["a,b\\n1,2\\nz,4", "Integer", "Rows"]',
          '{{1, 2}, {Missing["Unrecognized", "z"], 4}}')
    check('SemanticImportString["a,b\\n1,2", {None, Automatic}, "NamedColumns"]',
          '<|"b" -> {2}|>')
    # a spec given as an association of columns, as data-loading programs write it
    check('SemanticImportString["p\\tq\\nx.jpg\\tleaf", <|"p" -> Automatic, "q" -> "String"|>,'
          ' "NamedRows"]', '{<|"p" -> "x.jpg", "q" -> "leaf"|>}')


def test_header_detection_and_options():
    check('SemanticImportString["1,2\\n3,4", Automatic, "Rows"]', "{{1, 2}, {3, 4}}")
    check('SemanticImportString["a,b\\n1,2", Automatic, "Rows", HeaderLines -> 0]',
          '{{"a", "b"}, {1, 2}}')
    check('SemanticImportString["x y\\n1 NA\\n2 3", Automatic, "NamedRows", '
          'MissingDataRules -> {"NA" -> Missing["NotAvailable"]}]',
          '{<|"x" -> 1, "y" -> Missing["NotAvailable"]|>, <|"x" -> 2, "y" -> 3|>}')
    check('SemanticImportString["a;b\\n1;2\\n3;4", Automatic, "Rows", ExcludedLines -> {2}]',
          "{{3, 4}}")
    check('SemanticImportString["a|b\\n1|2", Automatic, "Rows", Delimiters -> "|"]',
          "{{1, 2}}")
    check('SemanticImportString["h1,h2\\nTrue,false", Automatic, "Rows"]', "{{True, False}}")


def test_semantic_import_reads_a_file(tmp_path):
    path = tmp_path / "index.txt"
    path.write_text("image_path\tspecies\nimages/a.jpg\tacer\nimages/b.jpg\tulmus\n")
    check(f'Normal[SemanticImport[File["{path}"]]][[2]]',
          '<|"image_path" -> "images/b.jpg", "species" -> "ulmus"|>')
    csv = tmp_path / "t.csv"
    csv.write_text("x,y\n1,2.5\n")
    check(f'SemanticImport["{csv}", Automatic, "Rows"]', "{{1, 2.5}}")


@pytest.mark.parametrize("call,tag", [
    ('SemanticImportString["a,b\\n1,2", "Quantity"]', "SemanticImportString::type"),
    ('SemanticImportString["a,b\\n1,2", Automatic, "Foo"]', "SemanticImportString::form"),
    ('SemanticImportString["a,b\\n1,2", "zz" -> "String"]', "SemanticImportString::col"),
    ('SemanticImport["/no/such/file.csv"]', "SemanticImport::nffil"),
    ('SemanticImportString["a\\n1", HeaderLines -> -1]', "SemanticImportString::opt"),
])
def test_failures_are_messages(call, tag):
    r = run(call)
    assert r.tags == [tag]
    assert r.value.name == "$Failed"


def test_an_unknown_option_is_named():
    r = run('SemanticImportString["a,b\\n1,2", Automatic, "Rows", Foo -> 1]')
    assert r.tags == ["SemanticImportString::optx"]


@pytest.mark.parametrize("name,text,expected", declared_examples("semantic_import"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)
