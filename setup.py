"""Build hook: compile the message catalogs (.po -> .mo) into the built package.

Everything else about the package is in pyproject.toml. An editable install
or a checkout reads the .po files directly (reterete.i18n compiles them in
memory), so nothing is compiled into the source tree.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class build_py_with_catalogs(build_py):  # noqa: N801  (setuptools' naming)
    """build_py, then every reterete/locale/*/LC_MESSAGES/*.po compiled to .mo beside it."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in Path(self.build_lib, "reterete", "locale").glob("*/LC_MESSAGES/*.po"):
            with po.open("rb") as fh:
                catalog = read_po(fh)
            with po.with_suffix(".mo").open("wb") as fh:
                write_mo(fh, catalog, use_fuzzy=False)


setup(cmdclass={"build_py": build_py_with_catalogs})
