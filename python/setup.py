"""Builds framebus's small C extension of atomics (framebus/_native_build.py) with cffi, if a C compiler is
there. Without one the package still installs and uses libatomic through cffi's ABI mode (slower, same
semantics): the extension is optional."""

import os
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "framebus"))
import _native_build  # noqa: E402  (the builder, loaded without importing the package and numpy)


class BuildNative(build_ext):
    """Generates the extension's C source with cffi, then compiles it; a failure leaves the fallback in place."""

    def build_extension(self, ext):
        source = os.path.join(self.build_temp, "_native.c")
        os.makedirs(self.build_temp, exist_ok=True)
        _native_build.ffi().emit_c_code(source)
        ext.sources = [source]
        try:
            super().build_extension(ext)
        except Exception as e:  # noqa: BLE001 - any compiler failure: fall back to libatomic at run time
            print("framebus: not building the C extension (%s); the libatomic backend will be used" % e,
                  file=sys.stderr)


setup(ext_modules=[Extension("framebus._native", sources=["framebus/_native_build.py"], libraries=["atomic"],
                             optional=True)],
      cmdclass={"build_ext": BuildNative})
