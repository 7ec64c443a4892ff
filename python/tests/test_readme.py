"""The README's Python example runs as printed: a PyTorch model reads the frames of a channel through DLPack."""

import os
import re
import subprocess
import sys

from conftest import REPO, await_channel, need


def readme_example():
    with open(os.path.join(REPO, "README.md")) as f:
        text = f.read()
    section = text[text.index("## Python\n"):]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_readme_example_reads_frames_through_dlpack(processes, channel):
    try:
        import torch  # noqa: F401
    except ImportError:
        torch = None
    need(torch is not None, "torch in the test environment (python/requirements-torch.txt)")
    name = channel("readme")
    code = readme_example().replace('"cam"', repr(name))
    writer = processes.python("writer", name, 320, 240, 40, "--wait-readers", 1, "--fps", 100)
    await_channel(name)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    writer.ok()
    assert result.returncode == 0, result.stderr
    lines = [line.split() for line in result.stdout.splitlines()]
    assert lines and all(len(f) == 2 and 1 <= int(f[0]) <= 40 and 0 <= int(f[1]) < 8 for f in lines), result.stdout
