"""The `fleetlp` command that ships inside the package (fleetlp/bin/fleetlp).

FLEETLP_CMD (fleetlp.pulp) runs it; the console script `fleetlp` that pip
installs runs it too, so `fleetlp solve model.mps` works in the virtual
environment. Which command: $FLEETLP_CLI when set, else the packaged one,
else the first `fleetlp` on PATH that is not this wrapper.
"""
import os
import shutil
import sys

PACKAGED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bin", "fleetlp")


def _is_script(path):
    try:
        with open(path, "rb") as f:
            return f.read(2) == b"#!"
    except OSError:
        return True


def find_command(path=None):
    """The fleetlp executable to run, or None when there is none."""
    for candidate in (path, os.environ.get("FLEETLP_CLI"), PACKAGED):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("fleetlp")
    # the console-script wrapper (a #! script) would call itself: a binary only
    return found if found and not _is_script(found) else None


def main():
    cmd = find_command()
    if cmd is None:
        sys.stderr.write("fleetlp: the command is not installed with this package; "
                         "set FLEETLP_CLI to its path\n")
        return 2
    os.execv(cmd, [cmd] + sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
