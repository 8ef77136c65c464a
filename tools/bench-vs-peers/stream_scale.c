/* DRAM bandwidth the way conv4j's stream probe measures it (STREAM's "scale": b = s * a over two
 * arrays far larger than the last-level cache), in C with OpenMP, to check the probe against.
 *
 *   stream_scale MEGABYTES_PER_ARRAY     (threads: OMP_NUM_THREADS)
 *
 * Prints one JSON object: the best of 8 timed passes after 2 untimed ones, bytes read plus bytes
 * written, in 10^9 bytes/s. A sample of the last pass is checked. */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double seconds_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  long megabytes = argc > 1 ? atol(argv[1]) : 256;
  long n = (megabytes << 20) / (long)sizeof(float);
  float *a = aligned_alloc(64, n * sizeof(float)), *b = aligned_alloc(64, n * sizeof(float));
  if (!a || !b) {
    fprintf(stderr, "cannot allocate two arrays of %ld MB\n", megabytes);
    return 1;
  }
#pragma omp parallel for schedule(static)
  for (long i = 0; i < n; i++) { /* each thread first touches the share it will use */
    a[i] = (float)(i % 1000);
    b[i] = 0;
  }
  double best = 0;
  const int untimed = 2, passes = 10;
  for (int pass = 0; pass < passes; pass++) {
    float s = 1 + pass;
    double t0 = seconds_now();
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; i++) b[i] = s * a[i];
    double gbs = 2.0 * n * sizeof(float) / (seconds_now() - t0) / 1e9;
    if (pass >= untimed && gbs > best) best = gbs;
  }
  for (long i = 0; i < n; i += n / 4096 + 1) {
    if (b[i] != passes * a[i]) {
      fprintf(stderr, "wrong result at %ld\n", i);
      return 1;
    }
  }
  printf("{\"gb_per_second\": %.2f, \"threads\": %d, \"megabytes_per_array\": %ld}\n", best, omp_get_max_threads(),
         megabytes);
  return 0;
}
