/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Portable fuzz driver (no libFuzzer needed): runs a libFuzzer entry point
 * on every file of a seed corpus and on a deterministic, seeded set of
 * mutations of each seed (bit flips, byte writes, insertions, deletions,
 * truncations, splices with another seed, interesting integers, duplicated
 * chunks, decimal tokens), stacked 1..4 at a time in the manner of AFL's
 * havoc stage (M. Zalewski, https://lcamtuf.coredump.cx/afl/technical_details.txt).
 * Each input is passed in a buffer of exactly its size, so that the
 * sanitizers see any read past the end.
 *
 *   driver [-n MUTATIONS_PER_SEED] [-s SEED] PATH...   (files or folders)
 *
 * ZP_FUZZ_ITERS overrides -n, ZP_FUZZ_SEED overrides -s.  On a crash the
 * current input is written to ./fuzz-crash-<pid>.bin (signal handler, and
 * the sanitizers' death callback when built with them). */
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* sanitizer runtime hook (weak: absent in plain builds) */
extern void __sanitizer_set_death_callback(void (*cb)(void)) __attribute__((weak));

typedef struct { uint8_t *b; size_t n; char *name; } seed_t;
static seed_t *seeds;
static size_t n_seeds, cap_seeds;

static const uint8_t *cur_data;
static size_t cur_size;

static void dump_current(void) {
    char path[64];
    snprintf(path, sizeof path, "fuzz-crash-%ld.bin", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f) return;
    if (cur_data && cur_size) fwrite(cur_data, 1, cur_size, f);
    fclose(f);
    fprintf(stderr, "fuzz driver: crashing input (%zu bytes) written to %s\n", cur_size, path);
}
static void on_signal(int sig) {
    dump_current();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* xoshiro256** (Blackman, Vigna, https://prng.di.unimi.it/), seeded with
 * splitmix64. */
static uint64_t rs[4];
static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
static uint64_t rnd(void) {
    uint64_t r = rotl(rs[1] * 5, 7) * 9, t = rs[1] << 17;
    rs[2] ^= rs[0]; rs[3] ^= rs[1]; rs[1] ^= rs[2]; rs[0] ^= rs[3];
    rs[2] ^= t; rs[3] = rotl(rs[3], 45);
    return r;
}
static void rnd_seed(uint64_t s) {
    for (int i = 0; i < 4; i++) {
        uint64_t z = (s += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        rs[i] = z ^ (z >> 31);
    }
}
static size_t below(size_t n) { return n ? (size_t)(rnd() % n) : 0; }

static int add_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); return -1; }
    uint8_t *b = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? 2 * cap : 4096;
            uint8_t *nb = realloc(b, cap);
            if (!nb) { free(b); fclose(f); return -1; }
            b = nb;
        }
        size_t r = fread(b + n, 1, cap - n, f);
        n += r;
        if (r == 0) break;
    }
    fclose(f);
    if (n_seeds == cap_seeds) {
        cap_seeds = cap_seeds ? 2 * cap_seeds : 16;
        seed_t *ns = realloc(seeds, cap_seeds * sizeof *ns);
        if (!ns) { free(b); return -1; }
        seeds = ns;
    }
    seeds[n_seeds].b = b;
    seeds[n_seeds].n = n;
    seeds[n_seeds].name = strdup(path);
    n_seeds++;
    return 0;
}
static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}
static int add_path(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) { perror(path); return -1; }
    if (!S_ISDIR(st.st_mode)) return add_file(path);
    DIR *d = opendir(path);
    if (!d) { perror(path); return -1; }
    char **names = NULL;
    size_t nn = 0, cn = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        if (nn == cn) {
            cn = cn ? 2 * cn : 16;
            char **t = realloc(names, cn * sizeof *t);
            if (!t) break;
            names = t;
        }
        size_t l = strlen(path) + strlen(e->d_name) + 2;
        names[nn] = malloc(l);
        if (!names[nn]) break;
        snprintf(names[nn++], l, "%s/%s", path, e->d_name);
    }
    closedir(d);
    qsort(names, nn, sizeof *names, cmp_names); /* order fixed: reproducible */
    int rc = 0;
    for (size_t i = 0; i < nn; i++) {
        if (add_path(names[i]) != 0) rc = -1;
        free(names[i]);
    }
    free(names);
    return rc;
}

/* One mutation of buf[*n] (capacity cap) in place. */
static void mutate_once(uint8_t *buf, size_t *n, size_t cap) {
    static const uint64_t interesting[] = {
        0, 1, 2, 7, 8, 16, 31, 32, 63, 64, 100, 127, 128, 255, 256, 1000, 1024,
        4096, 32767, 32768, 65535, 65536, 0x7fffffffu, 0x80000000u, 0xffffffffu,
        0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
        0xffffffffffffffffull, 0xffffffff00000001ull /* p */,
        0xffffffff00000000ull /* p - 1 */};
    static const char *tokens[] = {
        "-1", "0", "1e999", "-0", "18446744073709551616", "9999999999999999999",
        "1.5", "null", "true", "\"\"", "[]", "{}", ",", "\"", "\n", "\\u0000",
        "NaN", "1e-400", "4294967296", "-9223372036854775808"};
    size_t n0 = *n;
    switch (below(10)) {
    case 0: /* flip a bit */
        if (n0) buf[below(n0)] ^= (uint8_t)(1u << below(8));
        break;
    case 1: /* set a random byte */
        if (n0) buf[below(n0)] = (uint8_t)rnd();
        break;
    case 2: { /* insert 1..8 random bytes */
        size_t k = 1 + below(8), at = below(n0 + 1);
        if (n0 + k > cap) break;
        memmove(buf + at + k, buf + at, n0 - at);
        for (size_t i = 0; i < k; i++) buf[at + i] = (uint8_t)rnd();
        *n = n0 + k;
        break;
    }
    case 3: { /* delete a range */
        if (!n0) break;
        size_t at = below(n0), k = 1 + below(n0 - at < 16 ? n0 - at : 16);
        memmove(buf + at, buf + at + k, n0 - at - k);
        *n = n0 - k;
        break;
    }
    case 4: /* truncate */
        *n = below(n0 + 1);
        break;
    case 5: { /* overwrite with an interesting integer, LE or BE, 1/2/4/8 bytes */
        static const size_t w[] = {1, 2, 4, 8};
        size_t width = w[below(4)];
        if (n0 < width) break;
        uint64_t v = interesting[below(sizeof interesting / sizeof *interesting)];
        if (rnd() & 1) v = (uint64_t)0 - v;
        size_t at = below(n0 - width + 1);
        int be = (int)(rnd() & 1);
        for (size_t i = 0; i < width; i++)
            buf[at + (be ? width - 1 - i : i)] = (uint8_t)(v >> (8 * i));
        break;
    }
    case 6: { /* splice: replace the tail with another seed's tail */
        const seed_t *o = &seeds[below(n_seeds)];
        size_t at = below(n0 + 1), from = below(o->n + 1), k = o->n - from;
        if (at + k > cap) k = cap - at;
        memcpy(buf + at, o->b + from, k);
        *n = at + k;
        break;
    }
    case 7: { /* duplicate a chunk */
        if (!n0) break;
        size_t at = below(n0), k = 1 + below(n0 - at < 64 ? n0 - at : 64), to = below(n0 + 1);
        if (n0 + k > cap) break;
        uint8_t tmp[64];
        memcpy(tmp, buf + at, k);
        memmove(buf + to + k, buf + to, n0 - to);
        memcpy(buf + to, tmp, k);
        *n = n0 + k;
        break;
    }
    case 8: { /* insert or overwrite with a text token */
        const char *t = tokens[below(sizeof tokens / sizeof *tokens)];
        size_t k = strlen(t), at = below(n0 + 1);
        if (n0 + k > cap) break;
        if (rnd() & 1 && at + k <= n0) {
            memcpy(buf + at, t, k);
        } else {
            memmove(buf + at + k, buf + at, n0 - at);
            memcpy(buf + at, t, k);
            *n = n0 + k;
        }
        break;
    }
    default: /* increment / decrement a byte */
        if (n0) buf[below(n0)] += (uint8_t)(rnd() & 1 ? 1 : -1);
        break;
    }
}

static void run_one(const uint8_t *src, size_t n) {
    /* an exactly-sized copy: reads past the end are caught */
    uint8_t *b = malloc(n ? n : 1);
    if (!b) { fprintf(stderr, "fuzz driver: out of memory\n"); exit(2); }
    if (n) memcpy(b, src, n);
    cur_data = b;
    cur_size = n;
    (void)LLVMFuzzerTestOneInput(b, n);
    cur_data = NULL;
    free(b);
}

int main(int argc, char **argv) {
    long iters = 256;
    uint64_t seed = 1;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc) iters = atol(argv[++i]);
        else if (!strcmp(argv[i], "-s") && i + 1 < argc) seed = strtoull(argv[++i], NULL, 0);
        else { fprintf(stderr, "usage: %s [-n N] [-s SEED] PATH...\n", argv[0]); return 2; }
    }
    const char *env = getenv("ZP_FUZZ_ITERS");
    if (env && *env) iters = atol(env);
    env = getenv("ZP_FUZZ_SEED");
    if (env && *env) seed = strtoull(env, NULL, 0);
    if (i >= argc) { fprintf(stderr, "usage: %s [-n N] [-s SEED] PATH...\n", argv[0]); return 2; }
    for (; i < argc; i++)
        if (add_path(argv[i]) != 0) return 2;
    if (!n_seeds) { fprintf(stderr, "fuzz driver: empty corpus\n"); return 2; }

    signal(SIGSEGV, on_signal);
    signal(SIGBUS, on_signal);
    signal(SIGFPE, on_signal);
    signal(SIGILL, on_signal);
    signal(SIGABRT, on_signal);
    if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(dump_current);

    size_t maxn = 0;
    for (size_t s = 0; s < n_seeds; s++)
        if (seeds[s].n > maxn) maxn = seeds[s].n;
    size_t cap = 2 * maxn + 4096;
    uint8_t *buf = malloc(cap);
    if (!buf) return 2;
    printf("fuzz driver: %zu seeds, %ld mutations each, seed %llu\n", n_seeds, iters,
           (unsigned long long)seed);
    fflush(stdout);
    clock_t t0 = clock();
    unsigned long long runs = 0;
    for (size_t s = 0; s < n_seeds; s++) {
        run_one(seeds[s].b, seeds[s].n);
        runs++;
        run_one(seeds[s].b, 0);
        runs++;
        for (long k = 0; k < iters; k++) {
            /* each mutation is reproducible on its own: (seed, s, k) */
            rnd_seed(seed ^ ((uint64_t)s << 40) ^ (uint64_t)k * 0x9e3779b97f4a7c15ull);
            size_t n = seeds[s].n;
            memcpy(buf, seeds[s].b, n);
            int m = 1 + (int)below(4);
            for (int j = 0; j < m; j++) mutate_once(buf, &n, cap);
            run_one(buf, n);
            runs++;
        }
    }
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    printf("fuzz driver: %llu inputs in %.2f s CPU, no crash\n", runs, secs);
    free(buf);
    for (size_t s = 0; s < n_seeds; s++) { free(seeds[s].b); free(seeds[s].name); }
    free(seeds);
    return 0;
}
