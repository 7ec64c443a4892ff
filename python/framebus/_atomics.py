"""Atomic loads, stores and read-modify-writes on shared memory, and the futex calls.

Python's own reads of a mapping (``struct``, ``memoryview``, numpy) are neither atomic nor ordered, so
every field that another process writes concurrently is accessed through one of these functions with
the memory order docs/format.md prescribes for it. Two backends give the same semantics:

- ``compiled``: the ``framebus._native`` cffi extension, built at install time with GCC's ``__atomic``
  builtins (inlined; about 0.3 us a call from Python);
- ``libatomic``: libatomic's out-of-line ``__atomic_*_N`` functions called through cffi's ABI mode
  (no compiler needed; about 1 us a call), used when the extension was not built, or when the
  environment sets ``FRAMEBUS_ATOMICS=libatomic``.

Pointers are cffi ``int64_t *`` / ``int32_t *`` made with :data:`ffi`.
"""

import os

_SEQ_CST = 5
_ACQUIRE = 2
_RELEASE = 3
_RELAXED = 0

_ABI_CDEF = """
int64_t __atomic_load_8(int64_t *p, int model);
void __atomic_store_8(int64_t *p, int64_t v, int model);
int64_t __atomic_fetch_add_8(int64_t *p, int64_t v, int model);
int64_t __atomic_fetch_or_8(int64_t *p, int64_t v, int model);
int64_t __atomic_fetch_and_8(int64_t *p, int64_t v, int model);
int32_t __atomic_load_4(int32_t *p, int model);
void __atomic_store_4(int32_t *p, int32_t v, int model);
int32_t __atomic_fetch_add_4(int32_t *p, int32_t v, int model);
_Bool __atomic_compare_exchange_4(int32_t *p, int32_t *expected, int32_t desired, int success, int failure);
long syscall(long number, ...);
"""

_SYS_FUTEX = 202  # x86-64
_FUTEX_WAIT = 0
_FUTEX_WAKE = 1


def _compiled():
    from framebus import _native  # noqa: PLC0415 - optional extension

    lib = _native.lib
    return _native.ffi, {
        "load64": lib.fb_load64, "load64_acquire": lib.fb_load64_acquire, "load64_relaxed": lib.fb_load64_relaxed,
        "store64": lib.fb_store64, "store64_release": lib.fb_store64_release,
        "store64_relaxed": lib.fb_store64_relaxed, "load32": lib.fb_load32, "load32_acquire": lib.fb_load32_acquire,
        "store32": lib.fb_store32, "store32_release": lib.fb_store32_release, "fetch_add64": lib.fb_fetch_add64,
        "fetch_or64": lib.fb_fetch_or64, "fetch_and64": lib.fb_fetch_and64, "fetch_add32": lib.fb_fetch_add32,
        "cas32": lambda p, e, d: bool(lib.fb_cas32(p, e, d)), "futex_wait": lib.fb_futex_wait,
        "futex_wake": lib.fb_futex_wake,
    }


def _libatomic():
    import platform

    import cffi

    if platform.machine() not in ("x86_64", "AMD64"):
        raise ImportError("the libatomic backend knows the futex syscall number of x86-64 only; install framebus"
                          " with a C compiler to build its extension")
    abi = cffi.FFI()
    abi.cdef(_ABI_CDEF)
    atomic = abi.dlopen("libatomic.so.1")
    libc = abi.dlopen(None)
    expected = abi.new("int32_t *")
    timespec = abi.new("int64_t[2]")

    def cas32(p, e, d):
        expected[0] = e
        return bool(atomic.__atomic_compare_exchange_4(p, expected, d, _SEQ_CST, _SEQ_CST))

    def futex_wait(p, value, timeout_ns):
        t = max(0, timeout_ns)
        timespec[0] = t // 1_000_000_000
        timespec[1] = t % 1_000_000_000
        rc = libc.syscall(_SYS_FUTEX, p, abi.cast("int", _FUTEX_WAIT), abi.cast("int", value), timespec,
                          abi.NULL, abi.cast("int", 0))
        return 0 if rc == 0 else abi.errno

    def futex_wake(p, count):
        return libc.syscall(_SYS_FUTEX, p, abi.cast("int", _FUTEX_WAKE), abi.cast("int", count), abi.NULL,
                            abi.NULL, abi.cast("int", 0))

    a = atomic
    return abi, {
        "load64": lambda p: a.__atomic_load_8(p, _SEQ_CST),
        "load64_acquire": lambda p: a.__atomic_load_8(p, _ACQUIRE),
        "load64_relaxed": lambda p: a.__atomic_load_8(p, _RELAXED),
        "store64": lambda p, v: a.__atomic_store_8(p, v, _SEQ_CST),
        "store64_release": lambda p, v: a.__atomic_store_8(p, v, _RELEASE),
        "store64_relaxed": lambda p, v: a.__atomic_store_8(p, v, _RELAXED),
        "load32": lambda p: a.__atomic_load_4(p, _SEQ_CST),
        "load32_acquire": lambda p: a.__atomic_load_4(p, _ACQUIRE),
        "store32": lambda p, v: a.__atomic_store_4(p, v, _SEQ_CST),
        "store32_release": lambda p, v: a.__atomic_store_4(p, v, _RELEASE),
        "fetch_add64": lambda p, v: a.__atomic_fetch_add_8(p, v, _SEQ_CST),
        "fetch_or64": lambda p, v: a.__atomic_fetch_or_8(p, v, _SEQ_CST),
        "fetch_and64": lambda p, v: a.__atomic_fetch_and_8(p, v, _SEQ_CST),
        "fetch_add32": lambda p, v: a.__atomic_fetch_add_4(p, v, _SEQ_CST),
        "cas32": cas32, "futex_wait": futex_wait, "futex_wake": futex_wake,
    }


def _select():
    wanted = os.environ.get("FRAMEBUS_ATOMICS", "").strip().lower()
    if wanted not in ("", "compiled", "libatomic"):
        raise ImportError("FRAMEBUS_ATOMICS must be 'compiled' or 'libatomic', got %r" % wanted)
    if wanted != "libatomic":
        try:
            return ("compiled",) + _compiled()
        except ImportError:
            if wanted == "compiled":
                raise
    return ("libatomic",) + _libatomic()


BACKEND, ffi, _functions = _select()
"""Which backend is in use ("compiled" or "libatomic"), and the cffi instance its pointers come from."""

load64 = _functions["load64"]
load64_acquire = _functions["load64_acquire"]
load64_relaxed = _functions["load64_relaxed"]
store64 = _functions["store64"]
store64_release = _functions["store64_release"]
store64_relaxed = _functions["store64_relaxed"]
load32 = _functions["load32"]
load32_acquire = _functions["load32_acquire"]
store32 = _functions["store32"]
store32_release = _functions["store32_release"]
fetch_add64 = _functions["fetch_add64"]
fetch_or64 = _functions["fetch_or64"]
fetch_and64 = _functions["fetch_and64"]
fetch_add32 = _functions["fetch_add32"]
cas32 = _functions["cas32"]
futex_wait = _functions["futex_wait"]
"""futex_wait(p, expected, timeout_ns) -> 0 or errno: sleeps while ``*p == expected`` (shared futex)."""
futex_wake = _functions["futex_wake"]
"""futex_wake(p, count): wakes up to ``count`` sleepers on ``p``, in any process."""
del _functions


def export(buffer):
    """Exports ``buffer`` (an mmap) to C: returns the export, which must be kept alive as long as any
    pointer into the buffer is used (it also keeps the mmap from being closed), and a ``char *`` to its start."""
    exported = ffi.from_buffer(buffer)
    return exported, ffi.cast("char *", exported)


def i64(base, offset):
    """An ``int64_t *`` at ``base + offset`` (offset 8-byte aligned)."""
    return ffi.cast("int64_t *", base + offset)


def i32(base, offset):
    """An ``int32_t *`` at ``base + offset`` (offset 4-byte aligned)."""
    return ffi.cast("int32_t *", base + offset)
