"""Regenerate the bundled Cremona example files (seeded, so byte-for-byte the same).

    python examples/cremona/generate.py            # into the package's data folder
    python examples/cremona/generate.py OUT_DIR    # anywhere else
"""

from __future__ import annotations

import sys
from pathlib import Path

from reterete.examples import cremona


def main(argv: list[str]) -> None:
    folder = Path(argv[1]) if len(argv) > 1 else cremona.bundled_dir()
    for path in cremona.write(folder):
        print(path)


if __name__ == "__main__":
    main(sys.argv)
