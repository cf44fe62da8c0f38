#!/usr/bin/env python
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# Pure text tools: they read no stored data and sign nothing, so they may run on a machine
# without the production secrets (settings then use throwaway keys for this process only).
SECRETLESS_COMMANDS = {"detect_pii"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(sys.argv) > 1 and sys.argv[1] in SECRETLESS_COMMANDS:
        os.environ.setdefault("CHORUS_SECRETLESS_COMMAND", "1")
    try:
        from django.core.management import execute_from_command_line
    except ImportError:
        # Run with a plain `python` after bin/run or bin/test: use the project's virtualenv.
        venv = ROOT / ".venv"
        venv_python = venv / "bin" / "python"
        if venv_python.exists() and Path(sys.prefix).resolve() != venv.resolve():
            os.execv(str(venv_python), [str(venv_python), *sys.argv])  # noqa: S606
        raise

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
