"""Makes the Python environment the tests and the benchmark run in: a virtual environment under the build output
with numpy, cffi and pytest (the interpreter's own when it has them, else from the machine's package index), torch
when the index has it, and this framebus package installed from python/ (built with its C extension).

    python3 python/tools/environment.py python/target/venv
    python3 python/tools/environment.py --without-torch python/target/venv   # what the build makes for the bench

Only the standard library is used here. Runs again cheaply: the requirements are installed again only when their
files changed, the package only when one of its sources did. Prints the environment's interpreter.
"""

import argparse
import hashlib
import os
import subprocess
import sys
import venv

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.dirname(HERE)


def digest(paths):
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(path.encode())
        with open(path, "rb") as f:
            h.update(f.read())
    return h.hexdigest()


def package_sources():
    files = [os.path.join(PACKAGE, name) for name in ("setup.py", "pyproject.toml")]
    src = os.path.join(PACKAGE, "framebus")
    files += [os.path.join(src, f) for f in os.listdir(src) if f.endswith(".py")]
    return files


def pip(python, *args, check=True):
    command = [python, "-m", "pip", "--disable-pip-version-check", "--retries", "0", "install", *args]
    print("environment: " + " ".join(command[2:]), file=sys.stderr, flush=True)
    return subprocess.run(command, check=check).returncode == 0


def up_to_date(marker, value):
    try:
        with open(marker) as f:
            return f.read() == value
    except OSError:
        return False


def mark(marker, value):
    with open(marker, "w") as f:
        f.write(value)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("venv", help="where the environment goes, e.g. python/target/venv")
    parser.add_argument("--without-torch", action="store_true",
                        help="leave torch out (a later run without this flag adds it)")
    args = parser.parse_args()
    root = os.path.abspath(args.venv)
    python = os.path.join(root, "bin", "python")
    if not os.path.exists(python):
        # The interpreter's own packages (numpy, cffi, pytest on this kind of machine) are used as they are.
        venv.EnvBuilder(system_site_packages=True, with_pip=True, symlinks=True).create(root)
    required = os.path.join(PACKAGE, "requirements-test.txt")
    marker = os.path.join(root, ".framebus-requirements")
    wanted = digest([required])
    if not up_to_date(marker, wanted):
        pip(python, "-r", required)
        mark(marker, wanted)
    optional = os.path.join(PACKAGE, "requirements-torch.txt")
    marker = os.path.join(root, ".framebus-torch")
    wanted = digest([optional])
    if not args.without_torch and not up_to_date(marker, wanted):
        if not pip(python, "-r", optional, check=False):
            print("environment: torch is not available here; the DLPack test with torch will not run",
                  file=sys.stderr)
        mark(marker, wanted)
    marker = os.path.join(root, ".framebus-package")
    wanted = digest(package_sources())
    if not up_to_date(marker, wanted):
        pip(python, "--no-build-isolation", "--no-deps", "--force-reinstall", "--no-cache-dir", PACKAGE)
        mark(marker, wanted)
    print(python)


if __name__ == "__main__":
    main()
