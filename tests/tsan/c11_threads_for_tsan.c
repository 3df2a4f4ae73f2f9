/* Preloaded into the tsan preset's test runs only (scripts/test.sh).
 *
 * Debian's librdkafka 2.0.2 starts its threads with C11 thrd_create and locks with mtx_ and cnd_ calls. GCC 12's
 * ThreadSanitizer runtime intercepts the pthread_* calls but not these (glibc implements them with internal
 * functions), so a librdkafka thread runs with no TSan state and crashes in its first malloc, and TSan never sees
 * librdkafka's locks. These definitions route the C11 calls through pthread_*, which TSan does intercept.
 * glibc's mtx_t and cnd_t have the layout of pthread_mutex_t and pthread_cond_t. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <threads.h>

struct start {
    thrd_start_t fn;
    void* arg;
};

static void* trampoline(void* p) {
    struct start s = *(struct start*)p;
    free(p);
    return (void*)(intptr_t)s.fn(s.arg);
}

static int result(int rc) { return rc == 0 ? thrd_success : rc == ENOMEM ? thrd_nomem : rc == ETIMEDOUT ? thrd_timedout : rc == EBUSY ? thrd_busy : thrd_error; }

int thrd_create(thrd_t* thr, thrd_start_t fn, void* arg) {
    struct start* s = malloc(sizeof *s);
    if (!s) return thrd_nomem;
    s->fn = fn;
    s->arg = arg;
    const int rc = pthread_create((pthread_t*)thr, NULL, trampoline, s);
    if (rc) free(s);
    return result(rc);
}

int thrd_join(thrd_t thr, int* res) {
    void* r = NULL;
    const int rc = pthread_join((pthread_t)thr, &r);
    if (rc == 0 && res) *res = (int)(intptr_t)r;
    return result(rc);
}

int thrd_detach(thrd_t thr) { return result(pthread_detach((pthread_t)thr)); }

int mtx_init(mtx_t* m, int type) {
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    if (type & mtx_recursive) pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    const int rc = pthread_mutex_init((pthread_mutex_t*)m, &a);
    pthread_mutexattr_destroy(&a);
    return result(rc);
}
int mtx_lock(mtx_t* m) { return result(pthread_mutex_lock((pthread_mutex_t*)m)); }
int mtx_trylock(mtx_t* m) { return result(pthread_mutex_trylock((pthread_mutex_t*)m)); }
int mtx_timedlock(mtx_t* restrict m, const struct timespec* restrict ts) {
    return result(pthread_mutex_timedlock((pthread_mutex_t*)m, ts));
}
int mtx_unlock(mtx_t* m) { return result(pthread_mutex_unlock((pthread_mutex_t*)m)); }
void mtx_destroy(mtx_t* m) { pthread_mutex_destroy((pthread_mutex_t*)m); }

int cnd_init(cnd_t* c) { return result(pthread_cond_init((pthread_cond_t*)c, NULL)); }
int cnd_signal(cnd_t* c) { return result(pthread_cond_signal((pthread_cond_t*)c)); }
int cnd_broadcast(cnd_t* c) { return result(pthread_cond_broadcast((pthread_cond_t*)c)); }
int cnd_wait(cnd_t* c, mtx_t* m) { return result(pthread_cond_wait((pthread_cond_t*)c, (pthread_mutex_t*)m)); }
int cnd_timedwait(cnd_t* restrict c, mtx_t* restrict m, const struct timespec* restrict ts) {
    return result(pthread_cond_timedwait((pthread_cond_t*)c, (pthread_mutex_t*)m, ts));
}
void cnd_destroy(cnd_t* c) { pthread_cond_destroy((pthread_cond_t*)c); }
