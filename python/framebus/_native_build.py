"""The C side of framebus's atomics, built by cffi when the package is installed (see setup.py).

Every access to a field that another process reads or writes concurrently goes through one of these
functions. They use GCC's ``__atomic`` builtins with the memory order the format prescribes
(docs/format.md, "Memory order"), so the ordering holds on any architecture, not only on x86's strong
model: a sequentially consistent store followed by a sequentially consistent load of another word is
never reordered (the Dekker pairing of the hold protocol). What the compiler cannot inline it calls in
libatomic, which the extension links.

If no C compiler is available at install time, :mod:`framebus._atomics` calls libatomic's out-of-line
``__atomic_*_N`` functions directly through cffi's ABI mode instead (slower, same semantics).
"""

CDEF = """
int64_t fb_load64(int64_t *p);
int64_t fb_load64_acquire(int64_t *p);
int64_t fb_load64_relaxed(int64_t *p);
void fb_store64(int64_t *p, int64_t v);
void fb_store64_release(int64_t *p, int64_t v);
void fb_store64_relaxed(int64_t *p, int64_t v);
int32_t fb_load32(int32_t *p);
int32_t fb_load32_acquire(int32_t *p);
void fb_store32(int32_t *p, int32_t v);
void fb_store32_release(int32_t *p, int32_t v);
int64_t fb_fetch_add64(int64_t *p, int64_t v);
int64_t fb_fetch_or64(int64_t *p, int64_t v);
int64_t fb_fetch_and64(int64_t *p, int64_t v);
int32_t fb_fetch_add32(int32_t *p, int32_t v);
int fb_cas32(int32_t *p, int32_t expected, int32_t desired);
int fb_futex_wait(int32_t *p, int32_t expected, int64_t timeout_ns);
int fb_futex_wake(int32_t *p, int32_t count);
"""

SOURCE = r"""
#include <stdint.h>
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/futex.h>

static int64_t fb_load64(int64_t *p) { return __atomic_load_n(p, __ATOMIC_SEQ_CST); }
static int64_t fb_load64_acquire(int64_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
static int64_t fb_load64_relaxed(int64_t *p) { return __atomic_load_n(p, __ATOMIC_RELAXED); }
static void fb_store64(int64_t *p, int64_t v) { __atomic_store_n(p, v, __ATOMIC_SEQ_CST); }
static void fb_store64_release(int64_t *p, int64_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
static void fb_store64_relaxed(int64_t *p, int64_t v) { __atomic_store_n(p, v, __ATOMIC_RELAXED); }
static int32_t fb_load32(int32_t *p) { return __atomic_load_n(p, __ATOMIC_SEQ_CST); }
static int32_t fb_load32_acquire(int32_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
static void fb_store32(int32_t *p, int32_t v) { __atomic_store_n(p, v, __ATOMIC_SEQ_CST); }
static void fb_store32_release(int32_t *p, int32_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
static int64_t fb_fetch_add64(int64_t *p, int64_t v) { return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST); }
static int64_t fb_fetch_or64(int64_t *p, int64_t v) { return __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST); }
static int64_t fb_fetch_and64(int64_t *p, int64_t v) { return __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST); }
static int32_t fb_fetch_add32(int32_t *p, int32_t v) { return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST); }
static int fb_cas32(int32_t *p, int32_t expected, int32_t desired) {
    return __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

/* A shared (not FUTEX_PRIVATE) wait: works across processes. Returns 0 or errno (EAGAIN, ETIMEDOUT, EINTR). */
static int fb_futex_wait(int32_t *p, int32_t expected, int64_t timeout_ns) {
    struct timespec ts;
    if (timeout_ns < 0) {
        timeout_ns = 0;
    }
    ts.tv_sec = (time_t) (timeout_ns / 1000000000LL);
    ts.tv_nsec = (long) (timeout_ns % 1000000000LL);
    long rc = syscall(SYS_futex, p, FUTEX_WAIT, expected, &ts, NULL, 0);
    return rc == 0 ? 0 : errno;
}

static int fb_futex_wake(int32_t *p, int32_t count) {
    return (int) syscall(SYS_futex, p, FUTEX_WAKE, count, NULL, NULL, 0);
}
"""


def ffi():
    """The cffi builder of the ``framebus._native`` extension module."""
    import cffi

    builder = cffi.FFI()
    builder.cdef(CDEF)
    builder.set_source("framebus._native", SOURCE, libraries=["atomic"])
    return builder
