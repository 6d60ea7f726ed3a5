"""Ship the one top-level copy of grammar/wl.lark inside the built package.

The grammar is kept at the repository's top level (one copy only); a wheel gets it as
``wlnet/grammar/wl.lark`` through this build step.  Editable installs read it from the
top level directly (see ``wlnet.syntax.grammar_path``).
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithGrammar(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "wlnet" / "grammar"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(Path(__file__).parent / "grammar" / "wl.lark", target / "wl.lark")


setup(cmdclass={"build_py": BuildPyWithGrammar})
