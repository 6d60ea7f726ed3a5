"""Note-based sound and Standard MIDI files: the notes of ``Sound[{SoundNote[…], …}]`` as
WL reads them, ``Export["f.mid", Sound[…]]`` and ``Import["f.mid"]`` (music-generation
programs write what a net produced as MIDI, or read MIDI files into note strings to train
on).

A SoundNote is ``SoundNote[pitch, tspec, "style", SoundVolume -> v]``: pitch an integer
(semitones from middle C), a name ("C", "C#", "Eb3", "CSharp", "C-1"; octave 4 by
default), a list of them (a chord) or None (a rest); tspec a duration t (1 second when
absent: the notes with durations follow one another) or an interval {tmin, tmax} (placed
there); style a General MIDI instrument name ("Piano" by default).

Export writes a format-1 file at 120 beats a minute, a track per instrument; Import reads
formats 0 and 1 (running status, tempo changes, SMPTE divisions) and gives each note as
``SoundNote["C4", {t0, t1}, "Piano", SoundVolume -> velocity/127]`` in seconds.  Elements:
"Sound" (all notes, by start time; {"Sound", n} those of track n), "SoundNotes" (a list of
the notes of each track; {"SoundNotes", n} one track), "Duration" (seconds) and
"TrackCount".  Percussion (channel 10) notes are read as the pitches of their keys with the
style "Percussion"; WL names its percussion sounds, which are not written or read here.
"""

from __future__ import annotations

import re
import struct

from wlnet.builtins._listutil import float_value, is_list, mklist
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.syntax.printer import input_form

IMPORT_ELEMENTS = ("Duration", "Sound", "SoundNotes", "TrackCount")
SOUND, SOUND_NOTE = Symbol("Sound"), Symbol("SoundNote")
SOUND_VOLUME = Symbol("SoundVolume")

# The 128 General MIDI programs in order, by the names SoundNote takes as styles.
GM_INSTRUMENTS = (
    "Piano", "BrightPiano", "ElectricGrandPiano", "HonkyTonkPiano", "ElectricPiano",
    "ElectricPiano2", "Harpsichord", "Clavi", "Celesta", "Glockenspiel", "MusicBox",
    "Vibraphone", "Marimba", "Xylophone", "TubularBells", "Dulcimer", "DrawbarOrgan",
    "PercussiveOrgan", "RockOrgan", "ChurchOrgan", "ReedOrgan", "Accordion", "Harmonica",
    "TangoAccordion", "GuitarNylon", "GuitarSteel", "GuitarJazz", "GuitarClean", "GuitarMuted",
    "GuitarOverdriven", "GuitarDistorted", "GuitarHarmonics", "BassAcoustic", "BassFingered",
    "BassPicked", "BassFretless", "BassSlap", "BassSlap2", "BassSynth", "BassSynth2", "Violin",
    "Viola", "Cello", "Contrabass", "StringsTremolo", "StringsPizzicato", "Harp", "Timpani",
    "Strings", "Strings2", "SynthStrings", "SynthStrings2", "Choir", "VoiceAahs", "SynthVoice",
    "OrchestraHit", "Trumpet", "Trombone", "Tuba", "TrumpetMuted", "FrenchHorn", "BrassSection",
    "SynthBrass", "SynthBrass2", "SopranoSax", "AltoSax", "TenorSax", "BaritoneSax", "Oboe",
    "EnglishHorn", "Bassoon", "Clarinet", "Piccolo", "Flute", "Recorder", "PanFlute",
    "BottleBlow", "Shakuhachi", "Whistle", "Ocarina", "SquareWave", "SawWave", "Calliope",
    "Chiff", "Charang", "Voice", "Fifths", "BassAndLead", "NewAge", "Warm", "Polysynth",
    "Choir2", "Bowed", "Metallic", "Halo", "Sweep", "Rain", "Soundtrack", "Crystal",
    "Atmosphere", "Brightness", "Goblins", "Echoes", "SciFi", "Sitar", "Banjo", "Shamisen",
    "Koto", "Kalimba", "Bagpipe", "Fiddle", "Shanai", "TinkleBell", "Agogo", "SteelDrums",
    "Woodblock", "TaikoDrum", "MelodicTom", "SynthDrum", "ReverseCymbal", "GuitarFretNoise",
    "BreathNoise", "Seashore", "BirdTweet", "TelephoneRing", "Helicopter", "Applause",
    "Gunshot")
_PROGRAM = {name.lower(): k for k, name in enumerate(GM_INSTRUMENTS)}
_PERCUSSION_CHANNEL = 9

_STEPS = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
_SHARP_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
_NAME = re.compile(r"^([A-Ga-g])(#|\u266f|Sharp|b|\u266d|Flat)?([+-]?\d+)?$")

# Export's clock: 480 ticks a quarter note at 120 beats a minute, 960 ticks a second
_DIVISION, _TEMPO = 480, 500_000
_TICKS_PER_SECOND = _DIVISION * 1_000_000 / _TEMPO
_DEFAULT_VELOCITY = 100


class MIDIError(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Note:
    """One note or chord: MIDI keys (empty for a rest), start and end in seconds, the
    General MIDI program (None for percussion) and the velocity."""

    __slots__ = ("keys", "start", "end", "program", "velocity")

    def __init__(self, keys, start, end, program, velocity):
        self.keys, self.start, self.end = keys, start, end
        self.program, self.velocity = program, velocity


# ---------------------------------------------------------------------------- pitches

def midi_keys(pitch) -> list[int]:
    """The MIDI keys of a SoundNote pitch (middle C is key 60)."""
    if type(pitch) is Symbol and pitch.name == "None":             # a rest
        return []
    if type(pitch) is Integer:
        return [_checked_key(60 + pitch.value, pitch)]
    if type(pitch) is String:
        m = _NAME.match(pitch.value)
        if m is None:
            raise MIDIError(f"{input_form(pitch)} is not a pitch (\"C\", \"C#4\", \"Eb3\", or "
                            "semitones from middle C)")
        letter, accidental, octave = m.groups()
        shift = 0 if not accidental else (1 if accidental in ("#", "\u266f", "Sharp") else -1)
        octave = 4 if octave is None else int(octave)
        return [_checked_key(12 * (octave + 1) + _STEPS[letter.upper()] + shift, pitch)]
    if is_list(pitch):
        return [k for p in pitch.args for k in midi_keys(p)]
    raise MIDIError(f"{input_form(pitch)} is not a pitch (a note name, an integer, a list of "
                    "them or None)")


def _checked_key(key: int, pitch) -> int:
    if not 0 <= key <= 127:
        raise MIDIError(f"the pitch {input_form(pitch)} is outside the MIDI range (C-1 to G9)")
    return key


def note_name(key: int) -> str:
    """The name Import gives MIDI key ``key``: "C4" for 60, "C#4" for 61."""
    return f"{_SHARP_NAMES[key % 12]}{key // 12 - 1}"


# ---------------------------------------------------------------------------- Sound → notes

def _is(e, head: Symbol) -> bool:
    return type(e) is Expr and e.head == head


def sound_notes(sound) -> list[Note]:
    """The notes of Sound[prims] or Sound[prims, t | {tmin, tmax}] (scaled to that time),
    of a SoundNote or of a list of them."""
    if _is(sound, SOUND) and len(sound.args) in (1, 2):
        notes = _primitive_notes(sound.args[0])
        if len(sound.args) == 2:
            notes = _fitted(notes, sound.args[1])
        return notes
    if _is(sound, SOUND_NOTE) or is_list(sound):
        return _primitive_notes(sound)
    raise MIDIError(f"{input_form(sound)} is not a Sound of SoundNote primitives")


def _primitive_notes(prims) -> list[Note]:
    items = prims.args if is_list(prims) else (prims,)
    notes, clock = [], 0.0
    for item in items:
        if is_list(item):                        # a nested list follows on like its notes
            inner = _primitive_notes(item)
            for n in inner:
                n.start, n.end = n.start + clock, n.end + clock
            notes += inner
            clock = max([clock] + [n.end for n in inner])
            continue
        note, sequential = _note(item, clock)
        notes.append(note)
        if sequential:
            clock = note.end
    return notes


def _note(e, clock: float) -> tuple[Note, bool]:
    """A SoundNote as a Note starting at ``clock`` when it has a duration (and whether it
    does: the next note then follows it), or in its own interval."""
    if not _is(e, SOUND_NOTE) or not e.args:
        raise MIDIError(f"{input_form(e)} is not a SoundNote")
    args = [a for a in e.args if not _is(a, S.Rule)]
    rules = [a for a in e.args if _is(a, S.Rule)]
    keys = midi_keys(args[0])
    tspec = args[1] if len(args) > 1 else Integer(1)
    if is_list(tspec) and len(tspec.args) == 2:
        start, end = (float_value(t) for t in tspec.args)
        sequential = False
    else:
        length = float_value(tspec)
        start, end, sequential = clock, None if length is None else clock + length, True
    if start is None or end is None or end < start:
        raise MIDIError(f"{input_form(tspec)} is not a duration or a time interval "
                        "{tmin, tmax}")
    program = 0
    if len(args) > 2:
        if type(args[2]) is not String or args[2].value.lower() not in _PROGRAM:
            raise MIDIError(f"{input_form(args[2])} is not a General MIDI instrument name "
                            "(\"Piano\", \"Violin\", \"Flute\", …)")
        program = _PROGRAM[args[2].value.lower()]
    velocity = _DEFAULT_VELOCITY
    for rule in rules:
        if rule.args[0] == SOUND_VOLUME:
            v = float_value(rule.args[1])
            if v is None or not 0 <= v <= 1:
                raise MIDIError(f"SoundVolume -> {input_form(rule.args[1])} is not a volume "
                                "from 0 to 1")
            velocity = round(127 * v)
    return Note(keys, start, end, program, velocity), sequential


def _fitted(notes: list[Note], spec) -> list[Note]:
    """The notes scaled into Sound[…, t] (from 0 to t) or Sound[…, {tmin, tmax}]."""
    if is_list(spec) and len(spec.args) == 2:
        lo, hi = (float_value(t) for t in spec.args)
    else:
        lo, hi = 0.0, float_value(spec)
    if lo is None or hi is None or hi < lo:
        raise MIDIError(f"{input_form(spec)} is not a duration or a time interval "
                        "{tmin, tmax}")
    total = max((n.end for n in notes), default=0.0)
    scale = (hi - lo) / total if total > 0 else 1.0
    for n in notes:
        n.start, n.end = lo + n.start * scale, lo + n.end * scale
    return notes


def sound_duration(sound) -> float:
    return max((n.end for n in sound_notes(sound)), default=0.0)


# ---------------------------------------------------------------------------- writing

def _varlen(n: int) -> bytes:
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.append(0x80 | (n & 0x7F))
        n >>= 7
    return bytes(reversed(out))


def _chunk(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack(">I", len(body)) + body


def _track(events: list[tuple[int, int, bytes]]) -> bytes:
    """A track chunk of (tick, order, message) events: in time order, at one tick the
    note-offs (order 0) before program changes (1) and note-ons (2)."""
    body, last = bytearray(), 0
    for tick, _, message in sorted(events, key=lambda e: (e[0], e[1])):
        body += _varlen(tick - last) + message
        last = tick
    body += _varlen(0) + b"\xff\x2f\x00"
    return _chunk(b"MTrk", bytes(body))


def midi_bytes(sound) -> bytes:
    """A format-1 Standard MIDI file of the sound's notes: a tempo track, then a track
    (and channel) per instrument."""
    notes = [n for n in sound_notes(sound) if n.keys]
    programs = sorted({n.program for n in notes})
    channels = [c for c in range(16) if c != _PERCUSSION_CHANNEL]
    if len(programs) > len(channels):
        raise MIDIError(f"{len(programs)} instruments need more than the 15 melodic MIDI channels")
    tempo = _track([(0, 1, b"\xff\x51\x03" + _TEMPO.to_bytes(3, "big"))])
    tracks = []
    for program, channel in zip(programs, channels):
        events = [(0, 1, bytes((0xC0 | channel, program)))]
        for n in notes:
            if n.program != program:
                continue
            on, off = round(n.start * _TICKS_PER_SECOND), round(n.end * _TICKS_PER_SECOND)
            for key in n.keys:
                events.append((on, 2, bytes((0x90 | channel, key, max(1, n.velocity)))))
                events.append((off, 0, bytes((0x80 | channel, key, 0))))
        tracks.append(_track(events))
    header = _chunk(b"MThd", struct.pack(">HHH", 1, 1 + len(tracks), _DIVISION))
    return header + tempo + b"".join(tracks)


# ---------------------------------------------------------------------------- reading

class _Reader:
    def __init__(self, data: bytes, pos: int = 0):
        self.data, self.pos = data, pos

    def byte(self) -> int:
        if self.pos >= len(self.data):
            raise MIDIError("the file ends inside a track")
        b = self.data[self.pos]
        self.pos += 1
        return b

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise MIDIError("the file ends inside a track")
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def varlen(self) -> int:
        n = 0
        for _ in range(4):
            b = self.byte()
            n = (n << 7) | (b & 0x7F)
            if not b & 0x80:
                return n
        raise MIDIError("a variable-length number runs over four bytes")


def _chunks(data: bytes):
    pos = 0
    while pos + 8 <= len(data):
        kind, size = data[pos:pos + 4], struct.unpack(">I", data[pos + 4:pos + 8])[0]
        yield kind, data[pos + 8:pos + 8 + size]
        pos += 8 + size


def _track_events(body: bytes) -> list[tuple[int, int, tuple]]:
    """(tick, status, data) of a track's channel events and tempo changes (status 0x51)."""
    r, tick, status, out = _Reader(body), 0, None, []
    while r.pos < len(body):
        tick += r.varlen()
        b = r.byte()
        if b == 0xFF:                              # a meta event
            kind, length = r.byte(), r.varlen()
            payload = r.take(length)
            if kind == 0x51 and length == 3:
                out.append((tick, 0x51, (int.from_bytes(payload, "big"),)))
            if kind == 0x2F:
                break
            continue
        if b in (0xF0, 0xF7):                      # a system-exclusive message
            r.take(r.varlen())
            continue
        if b & 0x80:
            status = b
            first = r.byte()
        elif status is None:
            raise MIDIError("a data byte comes before any status")
        else:
            first = b                              # running status
        kind = status & 0xF0
        second = r.byte() if kind not in (0xC0, 0xD0) else None
        out.append((tick, status, (first, second)))
    return out


def _seconds_of(tempos: list[tuple[int, int]], division: int):
    """Ticks → seconds under the tempo changes (tick, microseconds a quarter), or SMPTE."""
    if division & 0x8000:                          # frames a second × ticks a frame
        fps = 256 - (division >> 8)
        per_second = fps * (division & 0xFF)
        return lambda tick: tick / per_second
    points, at, seconds, tempo = [], 0, 0.0, _TEMPO
    for tick, new in sorted(tempos):
        seconds += (tick - at) * tempo / 1e6 / division
        points.append((tick, seconds, new))
        at, tempo = tick, new

    def convert(tick):
        base_tick, base_s, current = 0, 0.0, _TEMPO
        for t, s, new in points:
            if t > tick:
                break
            base_tick, base_s, current = t, s, new
        return base_s + (tick - base_tick) * current / 1e6 / division
    return convert


def read_midi(data: bytes) -> tuple[list[list[Note]], int]:
    """The notes of each track of a Standard MIDI file, and its number of tracks."""
    chunks = list(_chunks(data))
    if not chunks or chunks[0][0] != b"MThd" or len(chunks[0][1]) < 6:
        raise MIDIError("it is not a Standard MIDI file (no MThd header)")
    fmt, count, division = struct.unpack(">HHH", chunks[0][1][:6])
    if fmt not in (0, 1):
        raise MIDIError(f"format {fmt} files (independent sequences) are not read")
    if division == 0:
        raise MIDIError("the header's time division is 0")
    tracks = [_track_events(body) for kind, body in chunks[1:] if kind == b"MTrk"]
    tempos = [(t, ev[0]) for track in tracks for t, st, ev in track if st == 0x51]
    seconds = _seconds_of(tempos, division)
    return [_track_notes(track, seconds) for track in tracks], len(tracks)


def _track_notes(events, seconds) -> list[Note]:
    programs, sounding, notes = {}, {}, []
    for tick, status, data in events:
        if status == 0x51:
            continue
        kind, channel = status & 0xF0, status & 0x0F
        if kind == 0xC0:
            programs[channel] = data[0]
        elif kind == 0x90 and data[1]:
            sounding.setdefault((channel, data[0]), []).append((tick, data[1]))
        elif kind in (0x80, 0x90):
            started = sounding.get((channel, data[0]))
            if started:
                on, velocity = started.pop(0)
                program = None if channel == _PERCUSSION_CHANNEL else programs.get(channel, 0)
                notes.append(Note([data[0]], seconds(on), seconds(tick), program, velocity))
    notes.sort(key=lambda n: (n.start, n.keys[0]))
    return notes


def _round(x: float) -> Real:
    return Real(round(x, 9))


def note_expr(n: Note) -> Expr:
    style = "Percussion" if n.program is None else GM_INSTRUMENTS[n.program]
    return Expr(SOUND_NOTE, String(note_name(n.keys[0])), mklist([_round(n.start), _round(n.end)]),
                String(style), Expr(S.Rule, SOUND_VOLUME, Real(n.velocity / 127)))


def import_midi(path: str, element: str, args: tuple):
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as err:
        raise MIDIError(f"cannot read the file ({err.strerror})")
    tracks, count = read_midi(data)
    if element == "TrackCount":
        return Integer(count)
    if element == "Duration":
        return _round(max((n.end for t in tracks for n in t), default=0.0))
    if args:
        if len(args) != 1 or type(args[0]) is not Integer or not 1 <= args[0].value <= count:
            raise MIDIError(f"{input_form(args[0])} is not a track number from 1 to {count}")
        chosen = [tracks[args[0].value - 1]]
    else:
        chosen = tracks
    if element == "SoundNotes":
        lists = [mklist([note_expr(n) for n in t]) for t in chosen]
        return lists[0] if args else mklist(lists)
    every = sorted((n for t in chosen for n in t), key=lambda n: (n.start, n.keys[0]))
    return Expr(SOUND, mklist([note_expr(n) for n in every]))
