"""Standard MIDI files and note-based sound (wlnet/builtins/midi.py): SoundNote pitches and
times, Export of a Sound to .mid and Import back (elements, tracks, tempo), a hand-made
format-0 file with running status, Duration of a Sound, and the messages."""

import struct

import pytest

from tests.builtins._support import check, run
from wlnet.builtins.midi import MIDIError, midi_keys, read_midi
from wlnet.core.expr import Integer, String, Symbol
from wlnet.syntax.parser import parse


@pytest.mark.parametrize("pitch,keys", [
    ("0", [60]), ("12", [72]), ("-13", [47]), ('"C"', [60]), ('"C#"', [61]), ('"Db"', [61]),
    ('"CSharp"', [61]), ('"BFlat"', [70]), ('"A4"', [69]), ('"C5"', [72]), ('"C+4"', [60]),
    ('"C-1"', [0]), ('"G9"', [127]), ('{"C", "E", 7}', [60, 64, 67]), ("None", []),
])
def test_pitches_are_midi_keys(pitch, keys):
    assert midi_keys(parse(pitch)) == keys


@pytest.mark.parametrize("pitch", ['"H"', '"C10"', "80", "x"])
def test_bad_pitches(pitch):
    with pytest.raises(MIDIError):
        midi_keys(parse(pitch))


def test_export_then_import_gives_the_notes_back(tmp_path):
    f = str(tmp_path / "tune.mid")
    r = run(f's = Sound[{{SoundNote["C", 0.25], SoundNote[{{"E", "G"}}, 0.5], SoundNote[None, 0.25], '
            f'SoundNote[7, 1, "Violin", SoundVolume -> 0.5], SoundNote["Bb3", {{2.5, 3}}, "Flute"]}}]; '
            f'Export["{f}", s]; {{Import["{f}"], Import["{f}", "TrackCount"], '
            f'Import["{f}", "Duration"], Import["{f}", {{"SoundNotes", 3}}]}}')
    assert r.messages == []
    want = run('{Sound[{SoundNote["C4", {0., 0.25}, "Piano", SoundVolume -> N[100/127]], '
               'SoundNote["E4", {0.25, 0.75}, "Piano", SoundVolume -> N[100/127]], '
               'SoundNote["G4", {0.25, 0.75}, "Piano", SoundVolume -> N[100/127]], '
               'SoundNote["G4", {1., 2.}, "Violin", SoundVolume -> N[64/127]], '
               'SoundNote["A#3", {2.5, 3.}, "Flute", SoundVolume -> N[100/127]]}], 4, 3., '
               '{SoundNote["G4", {1., 2.}, "Violin", SoundVolume -> N[64/127]]}}').value
    assert r.value == want


def test_notes_with_durations_follow_each_other_and_intervals_stand_alone():
    check('Duration[Sound[{SoundNote["C", 0.5], SoundNote["E", {0, 3}], SoundNote["G", 0.25]}]]',
          'Quantity[3., "Seconds"]')
    check('Duration[Sound[{SoundNote["C"], SoundNote["D"]}]]', 'Quantity[2., "Seconds"]')
    # Sound[prims, t] fits the notes into t seconds
    check('Duration[Sound[{SoundNote["C"], SoundNote["D"]}, 5]]', 'Quantity[5., "Seconds"]')


def _smf(fmt, division, *tracks) -> bytes:
    out = b"MThd" + struct.pack(">IHHH", 6, fmt, len(tracks), division)
    for body in tracks:
        out += b"MTrk" + struct.pack(">I", len(body)) + body
    return out


def test_a_format_0_file_with_running_status_and_a_tempo_change():
    # 96 ticks a quarter at 60 bpm (1 s a quarter), then 120 bpm from tick 96:
    # C4 from 0 to 96 (1 s), E4 (running status, velocity-0 note-on as the off) 96 to 192
    # (0.5 s at the new tempo), on channel 1 with program 40 (Violin)
    body = (b"\x00\xff\x51\x03" + (1_000_000).to_bytes(3, "big") + b"\x00\xc0\x28"
            + b"\x00\x90\x3c\x40" + b"\x60\x3c\x00" + b"\x00\xff\x51\x03"
            + (500_000).to_bytes(3, "big") + b"\x00\x90\x40\x7f" + b"\x60\x40\x00"
            + b"\x00\xff\x2f\x00")
    tracks, count = read_midi(_smf(0, 96, body))
    assert count == 1
    notes = [(n.keys, n.start, n.end, n.program, n.velocity) for n in tracks[0]]
    assert notes == [([60], 0.0, 1.0, 40, 64), ([64], 1.0, 1.5, 40, 127)]


def test_percussion_and_import_errors(tmp_path):
    f = tmp_path / "drums.mid"
    f.write_bytes(_smf(1, 480, b"\x00\x99\x24\x64\x83\x60\x89\x24\x00\x00\xff\x2f\x00"))
    r = run(f'Import["{f}"]')
    assert r.messages == []
    assert r.value == run('Sound[{SoundNote["C2", {0., 0.5}, "Percussion", '
                          'SoundVolume -> N[100/127]]}]').value
    bad = tmp_path / "bad.mid"
    bad.write_bytes(b"not midi at all")
    assert run(f'Import["{bad}"]').tags == ["Import::fmterr"]
    assert run(f'Import["{f}", {{"SoundNotes", 5}}]').tags == ["Import::fmterr"]


@pytest.mark.parametrize("sound", [
    'Sound[{SoundNote["H", 1]}]', 'Sound[{SoundNote["C", 1, "Kazoo"]}]',
    'Sound[{SoundNote["C", -1]}]', 'Sound[{SoundNote["C", 1, "Piano", SoundVolume -> 2]}]',
    'Sound[{Foo[1]}]',
])
def test_export_messages(sound, tmp_path):
    r = run(f'Export["{tmp_path / "x.mid"}", {sound}]')
    assert r.tags == ["Export::fmterr"] and r.value == Symbol("$Failed")


def test_duration_of_a_bad_sound_is_a_message():
    r = run('Duration[Sound[{SoundNote["H"]}]]')
    assert r.tags == ["Duration::sound"]
