/*
 * LD_PRELOAD shim that makes a process's clocks run at REDQUORUM_CLOCK_RATE (default 1) from
 * the moment it loads, with CLOCK_REALTIME shifted by REDQUORUM_CLOCK_OFFSET_MS (default 0).
 * Clocks are read through the raw syscall: libfaketime's dlsym path allocates, and with a
 * jemalloc-linked redis-server that recurses into clock_gettime and kills the server.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static double rate = 1.0;
static long long offset_ns = 0;
static long long base_real = 0;
static long long base_mono = 0;

static long long raw_ns(clockid_t id) {
  struct timespec ts;
  syscall(SYS_clock_gettime, id, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

__attribute__((constructor)) static void init(void) {
  const char *r = getenv("REDQUORUM_CLOCK_RATE");
  const char *o = getenv("REDQUORUM_CLOCK_OFFSET_MS");
  base_real = raw_ns(CLOCK_REALTIME);
  base_mono = raw_ns(CLOCK_MONOTONIC);
  if (r != NULL) rate = strtod(r, NULL);
  if (o != NULL) offset_ns = (long long)(strtod(o, NULL) * 1e6);
}

static long long scaled(clockid_t id, long long ns) {
  switch (id) {
  case CLOCK_REALTIME:
  case CLOCK_REALTIME_COARSE:
    return base_real + (long long)((ns - base_real) * rate) + offset_ns;
  case CLOCK_MONOTONIC:
  case CLOCK_MONOTONIC_COARSE:
    return base_mono + (long long)((ns - base_mono) * rate);
  default:
    return ns;
  }
}

int clock_gettime(clockid_t id, struct timespec *ts) {
  if (syscall(SYS_clock_gettime, id, ts) != 0) return -1;
  long long ns = scaled(id, ts->tv_sec * 1000000000LL + ts->tv_nsec);
  ts->tv_sec = ns / 1000000000LL;
  ts->tv_nsec = ns % 1000000000LL;
  return 0;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz) {
  (void)tz;
  if (tv == NULL) return 0;
  long long ns = scaled(CLOCK_REALTIME, raw_ns(CLOCK_REALTIME));
  tv->tv_sec = ns / 1000000000LL;
  tv->tv_usec = (ns % 1000000000LL) / 1000;
  return 0;
}

time_t time(time_t *out) {
  time_t now = (time_t)(scaled(CLOCK_REALTIME, raw_ns(CLOCK_REALTIME)) / 1000000000LL);
  if (out != NULL) *out = now;
  return now;
}
