#define _GNU_SOURCE
#include "CSSDLiteKernels.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sched.h>
#include <time.h>
#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define SSDL_PAUSE() _mm_pause()
#else
#define SSDL_PAUSE() ((void)0)
#endif

// Persistent workers for the detector's per-layer splits. A job is handed off by bumping
// `generation`; workers spin on it for a few tens of microseconds (the gap between two layers of
// a frame), yielding after the first few so that on a core shared with other work the thread
// being waited for can run, then park in the kernel so that an idle detector burns no CPU. The
// caller runs part 0 itself and waits on `pending` the same way. A hand-off then costs a
// cache-line round trip (well under a microsecond) instead of a thread wake-up.

// How long a worker waits for the next job, and the caller for the workers to finish, before
// parking; the first PURE_SPIN_NS of it without yielding.
#define WORKER_SPIN_NS 50000L
#define CALLER_SPIN_NS 50000L
#define PURE_SPIN_NS 4000L

struct ssdl_pool {
    long workers;
    pthread_t *threads;
    _Atomic unsigned generation;  // bumped once per job, and once at shutdown
    _Atomic unsigned pending;     // workers not yet done with the current job
    _Atomic unsigned sleepers;    // threads parked (or about to park) on either word
    ssdl_pool_fn fn;              // the current job, written before `generation` is bumped
    void *ctx;
    long parts;
    int stop;
};

typedef struct {
    struct ssdl_pool *pool;
    long index;
} worker_arg;

static long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000000000L + ts.tv_nsec;
}

#if defined(__linux__)
static void park(_Atomic unsigned *word, unsigned expected) {
    syscall(SYS_futex, (unsigned *)word, FUTEX_WAIT_PRIVATE, expected, NULL, NULL, 0);
}
static void wake(_Atomic unsigned *word) { syscall(SYS_futex, (unsigned *)word, FUTEX_WAKE_PRIVATE, 0x7fffffff, NULL, NULL, 0); }
#else
static pthread_mutex_t park_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t park_cond = PTHREAD_COND_INITIALIZER;
static void park(_Atomic unsigned *word, unsigned expected) {
    pthread_mutex_lock(&park_mutex);
    while (atomic_load(word) == expected) pthread_cond_wait(&park_cond, &park_mutex);
    pthread_mutex_unlock(&park_mutex);
}
static void wake(_Atomic unsigned *word) {
    (void)word;
    pthread_mutex_lock(&park_mutex);
    pthread_cond_broadcast(&park_cond);
    pthread_mutex_unlock(&park_mutex);
}
#endif

// Waits until *word != value and returns the new value: a few microseconds of pure spinning
// (the usual gap between two layers), then spinning with sched_yield up to spin_ns (so that on an
// oversubscribed core the thread we wait for gets to run), then parking in the kernel.
static unsigned wait_while_equal(struct ssdl_pool *p, _Atomic unsigned *word, unsigned value, long spin_ns) {
    unsigned v = atomic_load_explicit(word, memory_order_acquire);
    if (v != value) return v;
    const long start = now_ns();
    for (;;) {
        for (int i = 0; i < 64; i++) {
            SSDL_PAUSE();
            v = atomic_load_explicit(word, memory_order_acquire);
            if (v != value) return v;
        }
        const long t = now_ns() - start;
        if (t >= spin_ns) break;
        if (t >= PURE_SPIN_NS) sched_yield();
    }
    for (;;) {
        // Announce the sleeper before the last check (both seq_cst): the thread that changes
        // `word` then sees `sleepers` and wakes us, or we see its change and do not park.
        atomic_fetch_add(&p->sleepers, 1);
        v = atomic_load(word);
        if (v == value) park(word, value);
        atomic_fetch_sub(&p->sleepers, 1);
        v = atomic_load(word);
        if (v != value) return v;
    }
}

static void *worker_main(void *arg) {
    worker_arg a = *(worker_arg *)arg;
    free(arg);
    struct ssdl_pool *p = a.pool;
    unsigned seen = 0;
    for (;;) {
        seen = wait_while_equal(p, &p->generation, seen, WORKER_SPIN_NS);
        if (p->stop) break;
        const long part = a.index + 1;
        if (part < p->parts) p->fn(p->ctx, part);
        if (atomic_fetch_sub(&p->pending, 1) == 1 && atomic_load(&p->sleepers) > 0) wake(&p->pending);
    }
    return NULL;
}

ssdl_pool *ssdl_pool_create(long workers) {
    struct ssdl_pool *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    if (workers < 0) workers = 0;
    p->threads = workers > 0 ? calloc((size_t)workers, sizeof(pthread_t)) : NULL;
    if (workers > 0 && !p->threads) workers = 0;
    atomic_init(&p->generation, 0);
    atomic_init(&p->pending, 0);
    atomic_init(&p->sleepers, 0);
    long started = 0;
    for (; started < workers; started++) {
        worker_arg *a = malloc(sizeof *a);
        if (!a) break;
        a->pool = p;
        a->index = started;
        if (pthread_create(&p->threads[started], NULL, worker_main, a) != 0) {
            free(a);
            break;
        }
    }
    // Fewer workers than asked (out of threads): the caller runs the other parts itself.
    p->workers = started;
    return p;
}

long ssdl_pool_workers(const ssdl_pool *p) { return p ? p->workers : 0; }

void ssdl_pool_run(ssdl_pool *p, ssdl_pool_fn fn, void *ctx, long parts) {
    const long workers = p ? p->workers : 0;
    if (workers == 0 || parts <= 1) {
        for (long part = 0; part < parts; part++) fn(ctx, part);
        return;
    }
    p->fn = fn;
    p->ctx = ctx;
    p->parts = parts;
    atomic_store_explicit(&p->pending, (unsigned)workers, memory_order_relaxed);
    atomic_fetch_add(&p->generation, 1);  // seq_cst: publishes the job, then the sleepers check
    if (atomic_load(&p->sleepers) > 0) wake(&p->generation);
    fn(ctx, 0);
    for (long part = workers + 1; part < parts; part++) fn(ctx, part);
    unsigned left = atomic_load_explicit(&p->pending, memory_order_acquire);
    while (left != 0) left = wait_while_equal(p, &p->pending, left, CALLER_SPIN_NS);
}

void ssdl_pool_destroy(ssdl_pool *p) {
    if (!p) return;
    p->stop = 1;
    atomic_fetch_add(&p->generation, 1);
    wake(&p->generation);
    for (long i = 0; i < p->workers; i++) pthread_join(p->threads[i], NULL);
    free(p->threads);
    free(p);
}
