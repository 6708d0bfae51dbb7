/* Parallel (de)compression of chunked 1-D datasets.
 *
 * HDF5 runs its filters (shuffle, deflate) on one thread, which caps a
 * compressed read at the speed of one inflate stream. For the datasets fleetlp
 * writes itself (1-D, chunked, shuffle + deflate or deflate alone, no type
 * conversion) this file moves the raw chunks with H5Dread_chunk /
 * H5Dwrite_chunk, one HDF5 call at a time on the calling thread (the library
 * is not thread-safe), and runs zlib and the byte shuffle on all OpenMP
 * threads in between. Anything else falls back to H5Dread / H5Dwrite. The
 * files are ordinary HDF5: any reader sees the same bytes as if HDF5 had
 * filtered them. */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <omp.h>

#include "h5_chunks.h"

/* Threads used and chunks held at once: this bounds the extra memory to about
 * (MAX_THREADS + MAX_THREADS * CHUNKS_PER_THREAD) chunks of 8 MB, beyond which
 * inflating faster than the disk delivers buys nothing. */
#define MAX_THREADS 8
#define CHUNKS_PER_THREAD 2

/* Byte j of element i goes to out[j * n + i]. Written per element size so the
 * compiler unrolls the inner loop (the generic form is several times slower). */
#define SHUFFLE_LOOPS(S)                                                                  \
  static void shuffle_##S(unsigned char *restrict out, const unsigned char *restrict in,  \
                          size_t n) {                                                     \
    for (size_t i = 0; i < n; ++i)                                                        \
      for (size_t j = 0; j < (S); ++j) out[j * n + i] = in[i * (S) + j];                  \
  }                                                                                       \
  static void unshuffle_##S(unsigned char *restrict out, const unsigned char *restrict in, \
                            size_t n) {                                                   \
    for (size_t i = 0; i < n; ++i)                                                        \
      for (size_t j = 0; j < (S); ++j) out[i * (S) + j] = in[j * n + i];                  \
    }
SHUFFLE_LOOPS(4)
SHUFFLE_LOOPS(8)

static void shuffle(unsigned char *restrict out, const unsigned char *restrict in, size_t n,
                    size_t s) {
  if (s == 8) shuffle_8(out, in, n);
  else if (s == 4) shuffle_4(out, in, n);
  else
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < s; ++j) out[j * n + i] = in[i * s + j];
}

static void unshuffle(unsigned char *restrict out, const unsigned char *restrict in, size_t n,
                      size_t s) {
  if (s == 8) unshuffle_8(out, in, n);
  else if (s == 4) unshuffle_4(out, in, n);
  else
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < s; ++j) out[i * s + j] = in[j * n + i];
}

static int thread_count(void) {
  int t = omp_get_max_threads();
  return t < 1 ? 1 : t > MAX_THREADS ? MAX_THREADS : t;
}

/* The filters of a dataset, when they are ones this file can run itself. */
typedef struct pipeline {
  int ok;
  int shuffle;
  hsize_t chunk; /* elements */
} pipeline;

static pipeline pipeline_of(hid_t d, size_t elem) {
  pipeline pl = {0, 0, 0};
  hid_t dcpl = H5Dget_create_plist(d);
  if (dcpl < 0) return pl;
  int nf = H5Pget_nfilters(dcpl);
  if (H5Pget_layout(dcpl) == H5D_CHUNKED && H5Pget_chunk(dcpl, 1, &pl.chunk) == 1 && nf >= 1 &&
      nf <= 2) {
    int good = 1;
    for (int i = 0; i < nf && good; ++i) {
      unsigned flags, cd[8];
      size_t ncd = 8;
      char name[64];
      unsigned config;
      H5Z_filter_t f = H5Pget_filter2(dcpl, (unsigned)i, &flags, &ncd, cd, sizeof name, name, &config);
      if (nf == 2 && i == 0)
        good = f == H5Z_FILTER_SHUFFLE && (ncd == 0 || cd[0] == elem);
      else
        good = f == H5Z_FILTER_DEFLATE;
    }
    pl.ok = good;
    pl.shuffle = nf == 2;
  }
  H5Pclose(dcpl);
  return pl;
}

/* The memory type needs no conversion from the file type. */
static int same_type(hid_t d, hid_t mem_type) {
  hid_t ft = H5Dget_type(d);
  int same = H5Tequal(ft, mem_type) > 0;
  H5Tclose(ft);
  return same;
}

int flp_h5_read_parallel(hid_t d, hid_t mem_type, void *dst, int64_t len, const char *label,
                         const char *dpath, flp_error *err, flp_rc *rc) {
  size_t elem = H5Tget_size(mem_type);
  if (len <= 0 || !same_type(d, mem_type)) return 0;
  pipeline pl = pipeline_of(d, elem);
  if (!pl.ok || pl.chunk == 0) return 0;

  const size_t chunk_bytes = (size_t)pl.chunk * elem;
  const int64_t nchunks = (len + (int64_t)pl.chunk - 1) / (int64_t)pl.chunk;
  const int threads = thread_count();
  const int batch = threads * CHUNKS_PER_THREAD;
  unsigned char **raw = calloc((size_t)batch, sizeof *raw);
  size_t *raw_cap = calloc((size_t)batch, sizeof *raw_cap);
  size_t *raw_len = calloc((size_t)batch, sizeof *raw_len);
  uint32_t *mask = calloc((size_t)batch, sizeof *mask);
  unsigned char **scratch = calloc((size_t)threads, sizeof *scratch);
  int *bad = calloc((size_t)batch, sizeof *bad);
  *rc = FLP_OK;
  if (!raw || !raw_cap || !raw_len || !mask || !scratch || !bad)
    *rc = flp_error_set(err, FLP_ERR_NOMEM, "%s: %s: out of memory", label, dpath);
  for (int t = 0; t < threads && *rc == FLP_OK; ++t)
    if (!(scratch[t] = malloc(chunk_bytes)))
      *rc = flp_error_set(err, FLP_ERR_NOMEM, "%s: %s: out of memory", label, dpath);

  for (int64_t first = 0; first < nchunks && *rc == FLP_OK; first += batch) {
    int count = (int)(nchunks - first < batch ? nchunks - first : batch);
    for (int c = 0; c < count && *rc == FLP_OK; ++c) {
      hsize_t off = (hsize_t)(first + c) * pl.chunk;
      hsize_t size = 0;
      if (H5Dget_chunk_storage_size(d, &off, &size) < 0) {
        *rc = flp_h5_fail(err, FLP_ERR_INPUT, "%s: %s: cannot locate chunk at %llu", label, dpath,
                          (unsigned long long)off);
        break;
      }
      if (size == 0) { /* never written: HDF5 supplies the fill value */
        mask[c] = ~0u;
        continue;
      }
      if (size > raw_cap[c]) {
        unsigned char *grown = realloc(raw[c], (size_t)size);
        if (!grown) {
          *rc = flp_error_set(err, FLP_ERR_NOMEM, "%s: %s: out of memory", label, dpath);
          break;
        }
        raw[c] = grown;
        raw_cap[c] = (size_t)size;
      }
      raw_len[c] = (size_t)size;
      mask[c] = 0;
      if (H5Dread_chunk(d, H5P_DEFAULT, &off, &mask[c], raw[c]) < 0)
        *rc = flp_h5_fail(err, FLP_ERR_INPUT, "%s: %s: cannot read chunk at %llu", label, dpath,
                          (unsigned long long)off);
    }
    if (*rc != FLP_OK) break;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (int c = 0; c < count; ++c) {
      bad[c] = 0;
      int64_t start = (first + c) * (int64_t)pl.chunk;
      int64_t n = len - start < (int64_t)pl.chunk ? len - start : (int64_t)pl.chunk;
      unsigned char *out = (unsigned char *)dst + (size_t)start * elem;
      unsigned char *tmp = scratch[omp_get_thread_num()];
      if (mask[c] != 0) { /* a filter was skipped for this chunk: let HDF5 do it */
        bad[c] = 2;
        continue;
      }
      /* Inflate straight into place when nothing else is left to do. */
      int direct = !pl.shuffle && n == (int64_t)pl.chunk;
      uLongf got = (uLongf)chunk_bytes;
      if (uncompress(direct ? out : tmp, &got, raw[c], (uLong)raw_len[c]) != Z_OK ||
          got != chunk_bytes) {
        bad[c] = 1;
        continue;
      }
      if (direct) continue;
      if (pl.shuffle) {
        if (n == (int64_t)pl.chunk) unshuffle(out, tmp, (size_t)n, elem);
        else {
          /* a partial last chunk is stored full size: unshuffle all, keep n */
          unsigned char *whole = malloc(chunk_bytes);
          if (!whole) {
            bad[c] = 3;
            continue;
          }
          unshuffle(whole, tmp, (size_t)pl.chunk, elem);
          memcpy(out, whole, (size_t)n * elem);
          free(whole);
        }
      } else {
        memcpy(out, tmp, (size_t)n * elem);
      }
    }
    for (int c = 0; c < count && *rc == FLP_OK; ++c) {
      hsize_t off = (hsize_t)(first + c) * pl.chunk;
      if (bad[c] == 1)
        *rc = flp_error_set(err, FLP_ERR_INPUT, "%s: %s: chunk at %llu does not inflate (corrupt file?)",
                            label, dpath, (unsigned long long)off);
      else if (bad[c] == 3)
        *rc = flp_error_set(err, FLP_ERR_NOMEM, "%s: %s: out of memory", label, dpath);
      else if (bad[c] == 2) {
        hsize_t n = (hsize_t)(len - (int64_t)off) < pl.chunk ? (hsize_t)(len - (int64_t)off) : pl.chunk;
        hid_t fs = H5Dget_space(d), ms = H5Screate_simple(1, &n, NULL);
        H5Sselect_hyperslab(fs, H5S_SELECT_SET, &off, NULL, &n, NULL);
        if (H5Dread(d, mem_type, ms, fs, H5P_DEFAULT, (unsigned char *)dst + off * elem) < 0)
          *rc = flp_h5_fail(err, FLP_ERR_INPUT, "%s: %s: cannot read", label, dpath);
        H5Sclose(ms);
        H5Sclose(fs);
      }
    }
  }
  for (int c = 0; raw && c < batch; ++c) free(raw[c]);
  for (int t = 0; scratch && t < threads; ++t) free(scratch[t]);
  free(raw);
  free(raw_cap);
  free(raw_len);
  free(mask);
  free(scratch);
  free(bad);
  return 1;
}

int flp_h5_write_parallel(hid_t d, hid_t mem_type, const void *src, int64_t len, const char *label,
                          const char *name, flp_error *err, flp_rc *rc) {
  size_t elem = H5Tget_size(mem_type);
  if (len <= 0 || !same_type(d, mem_type)) return 0;
  pipeline pl = pipeline_of(d, elem);
  if (!pl.ok || pl.chunk == 0) return 0;
  int level = 1;
  {
    hid_t dcpl = H5Dget_create_plist(d);
    int nf = H5Pget_nfilters(dcpl);
    unsigned flags, cd[8];
    size_t ncd = 8;
    char fname[64];
    unsigned config;
    H5Pget_filter2(dcpl, (unsigned)(nf - 1), &flags, &ncd, cd, sizeof fname, fname, &config);
    if (ncd >= 1) level = (int)cd[0];
    H5Pclose(dcpl);
  }

  const size_t chunk_bytes = (size_t)pl.chunk * elem;
  const uLong bound = compressBound((uLong)chunk_bytes);
  const int64_t nchunks = (len + (int64_t)pl.chunk - 1) / (int64_t)pl.chunk;
  const int threads = thread_count();
  const int batch = threads * CHUNKS_PER_THREAD;
  unsigned char **packed = calloc((size_t)batch, sizeof *packed);
  uLongf *packed_len = calloc((size_t)batch, sizeof *packed_len);
  unsigned char **scratch = calloc((size_t)threads, sizeof *scratch);
  int *bad = calloc((size_t)batch, sizeof *bad);
  *rc = FLP_OK;
  if (!packed || !packed_len || !scratch || !bad)
    *rc = flp_error_set(err, FLP_ERR_NOMEM, "%s: %s: out of memory", label, name);
  for (int c = 0; c < batch && *rc == FLP_OK; ++c)
    if (!(packed[c] = malloc(bound)))
      *rc = flp_error_set(err, FLP_ERR_NOMEM, "%s: %s: out of memory", label, name);
  for (int t = 0; t < threads && *rc == FLP_OK; ++t)
    if (!(scratch[t] = malloc(2 * chunk_bytes)))
      *rc = flp_error_set(err, FLP_ERR_NOMEM, "%s: %s: out of memory", label, name);

  for (int64_t first = 0; first < nchunks && *rc == FLP_OK; first += batch) {
    int count = (int)(nchunks - first < batch ? nchunks - first : batch);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (int c = 0; c < count; ++c) {
      int64_t start = (first + c) * (int64_t)pl.chunk;
      int64_t n = len - start < (int64_t)pl.chunk ? len - start : (int64_t)pl.chunk;
      const unsigned char *in = (const unsigned char *)src + (size_t)start * elem;
      unsigned char *tmp = scratch[omp_get_thread_num()];
      if (n < (int64_t)pl.chunk) { /* the last chunk is stored full size, zero-filled */
        memset(tmp + chunk_bytes, 0, chunk_bytes);
        memcpy(tmp + chunk_bytes, in, (size_t)n * elem);
        in = tmp + chunk_bytes;
      }
      if (pl.shuffle) {
        shuffle(tmp, in, (size_t)pl.chunk, elem);
        in = tmp;
      }
      packed_len[c] = bound;
      bad[c] = compress2(packed[c], &packed_len[c], in, (uLong)chunk_bytes, level) != Z_OK;
    }
    for (int c = 0; c < count && *rc == FLP_OK; ++c) {
      hsize_t off = (hsize_t)(first + c) * pl.chunk;
      if (bad[c])
        *rc = flp_error_set(err, FLP_ERR_INTERNAL, "%s: %s: deflate failed", label, name);
      else if (H5Dwrite_chunk(d, H5P_DEFAULT, 0, &off, (size_t)packed_len[c], packed[c]) < 0)
        *rc = flp_h5_fail(err, FLP_ERR_IO, "%s: cannot write dataset %s", label, name);
    }
  }
  for (int c = 0; packed && c < batch; ++c) free(packed[c]);
  for (int t = 0; scratch && t < threads; ++t) free(scratch[t]);
  free(packed);
  free(packed_len);
  free(scratch);
  free(bad);
  return 1;
}
