"""What the tests share: the Java command line (the class path samples/dist wrote), Python child processes
(tests/children.py), unique channel names whose files are removed after each test, and the rule that a test
needing something the host lacks skips on a developer machine but fails under FRAMEBUS_NO_SKIP=1 (CI)."""

import glob
import itertools
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

import pytest

TESTS = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(TESTS))
NO_SKIP = os.environ.get("FRAMEBUS_NO_SKIP") == "1"
CHANNEL_DIRS = ("/dev/shm", "/dev/hugepages")
_names = itertools.count(1)


def need(condition, what):
    """Skips the test when ``condition`` is false, or fails it under FRAMEBUS_NO_SKIP=1."""
    if not condition:
        message = "the host lacks %s" % what
        if NO_SKIP:
            pytest.fail("FRAMEBUS_NO_SKIP=1 but " + message + " (CI's .ci/run runs as root and reserves huge pages)")
        pytest.skip(message)


def is_root():
    return os.geteuid() == 0


def huge_pages_mounted():
    from framebus import _placement

    return any(m.is_hugetlbfs for m in _placement.mounts()) and _placement.huge_pages_available() >= 64


class Process:
    """A child process whose stdout and stderr go to files (a chatty child never blocks)."""

    def __init__(self, command, env=None, what=None):
        self.what = what or " ".join(command)
        self._out = tempfile.NamedTemporaryFile(prefix="framebus-py-", suffix=".out", delete=False)
        self._err = tempfile.NamedTemporaryFile(prefix="framebus-py-", suffix=".err", delete=False)
        self.popen = subprocess.Popen(command, stdout=self._out, stderr=self._err, stdin=subprocess.DEVNULL,
                                      env=env)
        self.pid = self.popen.pid

    def stdout(self):
        with open(self._out.name) as f:
            return f.read()

    def stderr(self):
        with open(self._err.name) as f:
            return f.read()

    def describe(self):
        return "\n--- %s (exit %s)\nstdout:\n%s\nstderr:\n%s" % (self.what, self.popen.poll(), self.stdout()[-4000:],
                                                               self.stderr()[-4000:])

    def wait(self, timeout=180):
        try:
            return self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()
            raise AssertionError("did not finish within %d s; killed it" % timeout + self.describe()) from None

    def ok(self, timeout=180):
        """Waits for a zero exit; returns stdout."""
        code = self.wait(timeout)
        assert code == 0, "exit code %d" % code + self.describe()
        return self.stdout()

    def json(self, timeout=180):
        return json.loads(self.ok(timeout))

    def events(self):
        """The JSON lines the child printed so far (tests/children.py prints one per event)."""
        out = []
        for line in self.stdout().splitlines():
            if line.startswith("{"):
                out.append(json.loads(line))
        return out

    def await_event(self, name, timeout=60, count=1):
        deadline = time.monotonic() + timeout
        while True:
            found = [e for e in self.events() if e.get("event") == name]
            if len(found) >= count:
                return found[count - 1]
            if self.popen.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("no event %r%s" % (name, self.describe()))
            time.sleep(0.05)

    def kill9(self):
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait()

    def stop(self, timeout=30):
        """SIGTERM, as a user's Ctrl-C: a bridge then closes its channel and its Aeron driver (whose directory
        a SIGKILL would leave in /dev/shm); SIGKILL if it has not ended after ``timeout`` seconds."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill9()
        return self.popen.returncode

    def close(self):
        if self.popen.poll() is None:
            self.kill9()
        for f in (self._out, self._err):
            f.close()
            os.unlink(f.name)


class Java:
    """The framebus command line, run as bin/framebus runs it, on the class path samples/dist wrote."""

    def __init__(self):
        self.java = os.environ.get("FRAMEBUS_JAVA") or self._find_java()
        path = os.environ.get("FRAMEBUS_CLASSPATH_FILE") or os.path.join(REPO, "samples/dist/target/classpath.txt")
        self.classpath = open(path).read().strip() if os.path.exists(path) else None

    @staticmethod
    def _find_java():
        script = os.path.join(REPO, ".mvn", "jdk25.sh")
        try:
            home = subprocess.run(["sh", "-c", '. "%s" && printf %%s "$JAVA_HOME"' % script], capture_output=True,
                                  text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None
        return os.path.join(home, "bin", "java") if home else None

    def available(self):
        return self.java is not None and os.path.exists(self.java) and self.classpath is not None

    def start(self, *args):
        need(self.available(), "the Java command line (build it: ./mvnw -DskipTests install)")
        env = dict(os.environ, CLASSPATH=self.classpath)  # ONNX Runtime dislikes long command lines
        # 'bridge' runs Aeron, whose Agrona needs this export (bin/framebus adds it for that command alone)
        exports = ["--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"] if args and args[0] == "bridge" else []
        command = [self.java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-Xmx512m",
                   *exports, "io.framebus.cli.FramebusCli", *[str(a) for a in args]]
        return Process(command, env, "framebus " + " ".join(str(a) for a in args))


class Children:
    """Python child processes running a script of tests/ (children.py unless told) with this interpreter."""

    def start(self, *args, env=None, script="children.py"):
        command = [sys.executable, os.path.join(TESTS, script), *[str(a) for a in args]]
        return Process(command, dict(os.environ, **(env or {})), script + " " + " ".join(str(a) for a in args))


@pytest.fixture
def processes():
    """Starts Java and Python children; kills whatever is still running when the test ends."""
    started = []
    java, children = Java(), Children()

    class Starter:
        def java(self, *args):
            p = java.start(*args)
            started.append(p)
            return p

        def python(self, *args, env=None, script="children.py"):
            p = children.start(*args, env=env, script=script)
            started.append(p)
            return p

    yield Starter()
    for p in started:
        p.close()


def await_channel(name, timeout=60):
    """Waits until channel ``name``'s control file exists (its writer put it in place)."""
    deadline = time.monotonic() + timeout
    while not any(os.path.exists(os.path.join(d, "framebus-" + name)) for d in CHANNEL_DIRS):
        assert time.monotonic() < deadline, "channel %s did not appear within %d s" % (name, timeout)
        time.sleep(0.05)


def remove_channel_files(name):
    left = []
    for d in CHANNEL_DIRS:
        for path in glob.glob(os.path.join(d, "framebus-" + name)) + glob.glob(os.path.join(d, "framebus-" + name
                                                                                            + ".data")) \
                + glob.glob(os.path.join(d, ".framebus-" + name + ".tmp-*")):
            left.append(path)
            try:
                os.unlink(path)
            except OSError:
                pass
    return left


@pytest.fixture
def channel(request):
    """A factory of unique channel names; every file of those channels is removed after the test."""
    made = []

    def make(tag="ch"):
        name = "py-%s-%d-%d" % (tag, os.getpid(), next(_names))
        made.append(name)
        return name

    yield make
    for name in made:
        remove_channel_files(name)


@pytest.fixture(scope="session", autouse=True)
def no_leftovers():
    """Nothing of this run may be left in shared memory (CI fails on leftover channel files)."""
    yield
    left = []
    for d in CHANNEL_DIRS:
        left += glob.glob(os.path.join(d, "framebus-py-*-%d-*" % os.getpid()))
        left += glob.glob(os.path.join(d, ".framebus-py-*-%d-*" % os.getpid()))
    for path in left:
        os.unlink(path)
    assert not left, "channel files left behind: %s" % left
