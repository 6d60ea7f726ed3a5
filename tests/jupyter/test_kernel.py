"""The wlnet Jupyter kernel, started with the real jupyter_client and sent cells."""

import base64
import io

from PIL import Image as PILImage


def test_in_out_numbering_and_results(kernel):
    first = kernel.run("1 + 1")
    n = first["reply"]["execution_count"]
    assert first["reply"]["status"] == "ok"
    assert first["results"][0]["data"]["text/plain"] == "2"
    assert first["results"][0]["execution_count"] == n
    second = kernel.run("%^2")                        # % is the previous cell's Out
    assert second["reply"]["execution_count"] == n + 1
    assert second["results"][0]["data"]["text/plain"] == "4"
    assert kernel.run(f"Out[{n}] + In[{n}]")["results"][0]["data"]["text/plain"] == "4"


def test_hidden_results_print_and_messages(kernel):
    out = kernel.run('x = 5; Print["hi ", x];')
    assert out["results"] == [] and out["stdout"] == "hi 5\n"
    out = kernel.run("1/0")
    assert "Power::infy" in out["stderr"]
    assert out["results"][0]["data"]["text/plain"] == "ComplexInfinity"


def test_graphics_as_png_and_svg(kernel):
    out = kernel.run("Plot[Sin[x], {x, 0, 6}]")
    data = out["results"][0]["data"]
    assert data["text/plain"] == "-Graphics-"
    png = base64.b64decode(data["image/png"])
    with PILImage.open(io.BytesIO(png)) as img:
        assert img.size[0] == 360
    assert data["image/svg+xml"].lstrip().startswith("<?xml") and "<path" in data["image/svg+xml"]
    image = kernel.run("Image[{{0, 1}, {1, 0}}]")["results"][0]["data"]
    assert "image/png" in image and "image/svg+xml" not in image


def test_audio_as_a_player(kernel):
    data = kernel.run('AudioGenerator["Sin", 0.01, SampleRate -> 8000]')["results"][0]["data"]
    assert data["text/plain"] == "Audio[<1 channel, 0.01 s, 8000 Hz>]"
    player = data["text/html"]
    assert player.startswith('<audio controls src="data:audio/wav;base64,')
    wav = base64.b64decode(player.split("base64,")[1].split('"')[0])
    assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE"


def test_drawing_messages_go_to_stderr(kernel):
    out = kernel.run("Graphics[{Foo[1], Disk[]}]")
    assert "Graphics::gprim" in out["stderr"] and "image/png" in out["results"][0]["data"]


def test_completion_and_inspection(kernel):
    client = kernel.client
    reply = kernel.reply_to(client.complete("NetCha", 6))
    assert "NetChain" in reply["matches"] and reply["cursor_start"] == 0
    reply = kernel.reply_to(client.inspect("Plot[x", 2))
    assert reply["found"] and "Plot[f, {x, xmin, xmax}]" in reply["data"]["text/plain"]
    out = kernel.run("?Plot")
    assert "Plot[f, {x, xmin, xmax}]" in out["stdout"]


def test_syntax_error_is_a_message(kernel):
    out = kernel.run("f[")
    assert out["reply"]["status"] == "ok" and "Syntax::" in out["stderr"]


def test_nets_show_their_summary_and_picture(kernel):
    data = kernel.run('NetChain[{LinearLayer[3, "Input" -> 2], Tanh}]')["results"][0]["data"]
    assert data["text/html"].startswith("<pre>") and "Linear" in data["text/html"]
    png = base64.b64decode(data["image/png"])
    with PILImage.open(io.BytesIO(png)) as img:
        assert img.size[0] > 200


def test_interrupt_aborts_the_cell_and_keeps_the_session(kernel, kernel_manager):
    import threading
    kernel.run("kept = 42;")
    timer = threading.Timer(3.0, kernel_manager.interrupt_kernel)
    timer.start()
    out = kernel.run("While[True, 1]", timeout=120)
    timer.join()
    assert out["results"][0]["data"]["text/plain"] == "$Aborted"
    assert kernel.run("kept")["results"][0]["data"]["text/plain"] == "42"


def test_lone_surrogates_are_sent_escaped(kernel):
    out = kernel.run('s = FromCharacterCode[55296]; Print["<", s, ">"]; {s, "\\:dfff"}')
    assert out["reply"]["status"] == "ok"
    assert out["stdout"] == "<\\:d800>\n"
    assert out["results"][0]["data"]["text/plain"] == "{\\:d800, \\:dfff}"
    out = kernel.run('Message[f::x, s]; f::x = "bad `1`"; Message[f::x, s]')
    assert "\\:d800" in out["stderr"]
    assert kernel.run("StringLength[s]")["results"][0]["data"]["text/plain"] == "1"


def test_net_train_progress_is_one_display_updated_in_place(kernel):
    out = kernel.run(
        'SeedRandom[1]; data = Table[{x} -> {2 x}, {x, 0., 1., 0.05}];'
        'trained = NetTrain[LinearLayer[1, "Input" -> 1], data, MaxTrainingRounds -> 6, '
        'BatchSize -> 4, TrainingProgressReporting -> {Automatic, "Interval" -> 0}];')
    assert out["reply"]["status"] == "ok" and out["stdout"] == ""
    assert len(out["displays"]) == 1
    display_id = out["displays"][0]["transient"]["display_id"]
    assert out["displays"][0]["data"]["text/plain"].startswith("Training with")
    assert len(out["updates"]) >= 6                    # a line per batch at least
    assert {u["transient"]["display_id"] for u in out["updates"]} == {display_id}
    last = out["updates"][-1]["data"]["text/plain"]
    assert last.startswith("Training with") and "round 6/6" in last
    assert last.endswith("Training complete.")
    # the reporting asked for by name still prints
    out = kernel.run('NetTrain[LinearLayer[1, "Input" -> 1], data, MaxTrainingRounds -> 1, '
                     'TrainingProgressReporting -> "Print"];')
    assert out["displays"] == [] and "Training complete." in out["stdout"]


def test_every_line_of_a_cell_shows_its_result_as_in_a_notebook(kernel):
    out = kernel.run("a = 6\nb = 7;\na*b\nPrint[a]")
    assert [d["data"]["text/plain"] for d in out["displays"]] == ["6", "42"]
    assert out["results"] == [] and out["stdout"] == "6\n"
    out = kernel.run("p = 2\np + 1")
    assert [d["data"]["text/plain"] for d in out["displays"]] == ["2"]
    assert out["results"][0]["data"]["text/plain"] == "3"
    out = kernel.run("q = 1\nq + 1;")
    assert [d["data"]["text/plain"] for d in out["displays"]] == ["1"]
    assert out["results"] == []


def test_an_animation_plays_as_an_animated_gif():
    import io
    from PIL import Image as PILImage
    from wlnet.core.session import Session
    from wlnet.jupyter.kernel import display_data
    from wlnet.repl.images import is_picture, picture_png
    session = Session(echo=False)
    animation = session.evaluate("Quiet[ListAnimate[{Graphics[Disk[], ImageSize -> 50], 2}, "
                                 "AnimationRate -> 4]]")
    assert animation.head.name == "ListAnimate" and is_picture(animation)
    bundle, warnings = display_data(animation)
    assert bundle["text/plain"] == "-Graphics-" and not warnings
    assert "image/png" not in bundle           # a front end would prefer the still frame
    with PILImage.open(io.BytesIO(base64.b64decode(bundle["image/gif"]))) as gif:
        assert gif.n_frames == 2 and gif.info["duration"] == 250
    # one frame shows as a picture
    still = session.evaluate("ListAnimate[{Graphics[Disk[], ImageSize -> 50]}]")
    bundle, _ = display_data(still)
    assert base64.b64decode(bundle["image/png"]) == picture_png(still.args[0].args[0],
                                                                lambda *m: None)
    assert "image/svg+xml" in bundle
    assert not is_picture(session.evaluate("Quiet[ListAnimate[{1, 2}]]"))
