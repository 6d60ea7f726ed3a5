"""RunProcess, $SystemShell, URLRead, URLFetch (wlnet/builtins/external.py).  The HTTP
tests talk to a server of their own on the loopback address only."""

import http.server
import threading

import pytest

from tests.builtins._support import check, check_example, declared_examples, run


@pytest.mark.parametrize("text, expected", [
    ('RunProcess[{"echo", "hi", 3}]',
     '<|"ExitCode" -> 0, "StandardOutput" -> "hi 3\\n", "StandardError" -> ""|>'),
    ('RunProcess[$SystemShell, "StandardOutput", "echo $((6 * 7))"]', '"42\\n"'),
    ('RunProcess[{$SystemShell, "-c", "echo oops >&2; exit 3"}, "ExitCode"]', "3"),
    ('RunProcess[{$SystemShell, "-c", "echo oops >&2"}, "StandardError"]', '"oops\\n"'),
    ('RunProcess[{"pwd"}, "StandardOutput", ProcessDirectory -> "/"]', '"/\\n"'),
    ('RunProcess[{$SystemShell, "-c", "echo $WLNETX"}, "StandardOutput", '
     'ProcessEnvironment -> <|"WLNETX" -> "set"|>]', '"set\\n"'),
])
def test_run_process(text, expected):
    check(text, expected)


@pytest.mark.parametrize("text, tag", [
    ('RunProcess["wlnet-no-such-program"]', "RunProcess::pnfd"),
    ("RunProcess[{}]", "RunProcess::cmd"),
    ('RunProcess[{"echo"}, "Nope"]', "RunProcess::prop"),
    ('RunProcess[{"cat"}, All, 5]', "RunProcess::inp"),
    ('RunProcess[{"pwd"}, ProcessDirectory -> "/no/such/dir"]', "RunProcess::dir"),
])
def test_run_process_failures(text, tag):
    r = run(text)
    assert r.tags == [tag]


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):                       # noqa: N802 - the http.server name
        found = self.path == "/hello"
        body = "héllo" if found else "missing"
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_read_and_fetch_from_a_loopback_server(server):
    check(f'URLFetch["{server}/hello"]', '"héllo"')
    check(f'r = URLRead["{server}/hello"]; {{Head[r], r["StatusCode"], r["Body"]}}',
          '{HTTPResponse, 200, "héllo"}')
    check(f'URLRead[URL["{server}/nope"], {{"StatusCode", "Body"}}]', '{404, "missing"}')
    check(f'URLFetch["{server}/hello", "ContentType"]', '"text/plain; charset=utf-8"')


def test_a_failed_connection_is_a_message_and_failed(server):
    port = server.rsplit(":", 1)[1]
    for head in ("URLRead", "URLFetch"):
        r = run(f'{head}["http://127.0.0.1:1/x"]')
        assert r.tags == [f"{head}::invhttp"] and r.value.name == "$Failed"
    assert run('URLRead["ftp-ish"]').tags == ["URLRead::url"]
    assert run(f'URLRead["{server}/hello", "Nope"]').tags == ["URLRead::prop"]
    assert port


@pytest.mark.parametrize("text, expected", [
    ('URLEncode["a b&c=é"]', '"a%20b%26c%3D%C3%A9"'),
    ("URLEncode[{1, 2.5, True, None, Missing[]}]", '{"1", "2.5", "true", "", ""}'),
    ('URLDecode[URLEncode["x/y z?é"]]', '"x/y z?é"'),
    ('URLDecode["a+b"]', '"a b"'),
    ('Run["exit 0"]', "0"),
    ('Run["exit 2"] > 0', "True"),
    ("{IntegerQ[$ProcessID], StringQ[$MachineName], StringQ[$UserName], StringQ[$SystemID]}",
     "{True, True, True, True}"),
])
def test_url_coding_run_and_system_values(text, expected):
    check(text, expected)


@pytest.mark.parametrize("name,text,expected", declared_examples("external"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)
