"""Monitor, PrintTemporary, the display wrappers, Pause, SessionTime and DateString, as a
text session has them."""

import re
import time

import pytest

from tests.builtins._support import Runner, check, check_example, declared_examples


def test_monitor_gives_the_value_and_print_temporary_prints():
    r = Runner()
    assert r.run("Monitor[Total[Range[10]], ProgressIndicator[i/10]]").value == 55
    r.run('PrintTemporary["step ", 3]')
    assert r.output == ["step 3"] and r.messages == []
    # no notebook: deleting what PrintTemporary printed does nothing
    assert r.run('NotebookDelete[PrintTemporary["panel"]]').name == "Null" and r.messages == []


@pytest.mark.parametrize("text", ['Labeled[1, "a"]', "Framed[x]", "Panel[x]", 'Tooltip[x, "t"]',
                                  "Dynamic[1 + 1]", "ProgressIndicator[0.5]"])
def test_wrappers_stay_as_they_are_without_a_message(text):
    check(text, text)


def test_pause_waits_and_refuses_a_bad_time():
    r = Runner()
    start = time.monotonic()
    r.run("Pause[0.2]")
    assert time.monotonic() - start >= 0.2
    check("Pause[-1]", "Pause[-1]", ["Pause::numnm"])


def test_dates_and_session_time():
    r = Runner()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", r.run('DateString["ISODate"]').value)
    assert re.fullmatch(r"\w{3} \d{1,2} \w{3} \d{4} \d\d:\d\d:\d\d", r.run("DateString[]").value)
    assert re.fullmatch(r"\d{4}/\d{1,2}", r.run('DateString[{"Year", "/", "MonthShort"}]').value)
    assert r.run("SessionTime[]").value > 0
    check('DateString["Foo"]', 'DateString["Foo"]', ["DateString::str"])



@pytest.mark.parametrize("form, text", [
    # the named forms of $DateStringFormat's page
    ('"DateTimeShort"', "Tue 5 Mar 2024 14:07:09"),
    ('"DateTime"', "Tuesday 5 March 2024 14:07:09"),
    ('"Date"', "Tuesday 5 March 2024"),
    ('"DateShort"', "Tue 5 Mar 2024"),
    ('"ISOWeekDate"', "2024-W10-2"),
    ('"ISOOrdinalDate"', "2024-065"),
    ('{"Hour", ":", "Minute", ":", "Second", ".", "Millisecond"}', "14:07:09.250"),
    ('{"Week", " ", "Quarter", " ", "QuarterNameShort", " ", "Hour12Short"}', "10 1 Q1 2"),
])
def test_date_string_forms_of_a_given_date(form, text):
    check(f"DateString[{{2024, 3, 5, 14, 7, 9.25}}, {form}]", f'"{text}"')


@pytest.mark.parametrize("name,text,expected", declared_examples("display"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_interpretation_shows_its_form_and_invisible_its_room():
    r = Runner()
    r.run('x = Interpretation["shown", 5]')
    assert r.run("ToString[x]").value == "shown"
    assert r.run("ToString[Row[{\"[\", Invisible[123], \"]\"}]]").value == "[   ]"
    assert r.messages == []


@pytest.mark.parametrize("text, shown", [
    ("Subscript[x, 1]", "x \n 1"),
    ("Superscript[x, 2]", " 2\nx"),
    ("1 \\[PlusMinus] 0.1", "1 ± 0.1"),
    ("PlusMinus[a]", "±a"),
    ("Framed[5]", "┌───┐\n│ 5 │\n└───┘"),
    # an opener: its title alone while closed, the content below it while open
    ('OpenerView[{"Title", 1 + 2}]', "\u25b8 Title"),
    ('OpenerView[{"Title", 1 + 2}, True]', "\u25be Title\n  3"),
])
def test_inert_notations_print_as_wl_shows_them(text, shown):
    r = Runner()
    assert r.run(f"ToString[{text}]").value == shown
    assert r.messages == []


def test_subscripted_names_take_values():
    r = Runner()
    assert r.run("Subscript[x, 1] = 5; Subscript[x, 1] + 1").value == 6
    assert r.messages == []


@pytest.mark.parametrize("text, expected", [
    # display wrappers a text session shows as what they wrap
    ('Pane["x", 100]', "x"),
    ("Tooltip[5, \"five\"]", "5"),
    ("Mouseover[1, 2]", "1"),
    ('Hyperlink["site", "http://a.b"]', "site"),
    ('Button["go", Print[1]]', "go"),
    # Text outside a graphic is its content; at coordinates it is a graphics primitive
    ('Text["a line"]', "a line"),
    ('Text[x^2, BaseStyle -> Red]', "x^2"),
    ('{Text["a"], Text["b", {0, 0}]}', "{a, Text[b, {0, 0}]}"),
    ('TableForm[Text /@ {"one", "two"}]', "one\n\ntwo"),
])
def test_wrappers_show_their_content(text, expected):
    r = Runner()
    assert r.run(f"ToString[{text}]").value == expected
    assert r.output == []                       # a button's action waits for a click


def test_button_holds_its_action():
    r = Runner()
    r.run('b = Button["go", Print["clicked"]];')
    assert r.output == []
    check("Extract[b, 2, Hold]", "Hold[Print[\"clicked\"]]", runner=r)
