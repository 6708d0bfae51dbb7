/* HDF5 files from fuzz programs, and programs from files (h5_program.h).
 *
 * The first byte holds flags (bit 0: the file gets a user block for a
 * checksum table); then operations follow, a selector byte each:
 *   0 GROUP      parent:u8 name
 *   1 DATASET    parent:u8 name type rank:u8 dims:u16[rank] layout:u8 values
 *   2 ATTRIBUTE  object:u8 name type count:u8 values
 *   3 LINK       parent:u8 name target:u8 (bit 7 set: a dangling link)
 *   4 SEAL       mode:u8 ... (after the file is closed; the last one counts)
 *                  1: a valid checksum table (io/h5_checksum.h)
 *                  2: a valid table, then flips:u8 times offset:u32 byte:u8
 *                  3: len:u16 bytes written as the table's text
 * name:  a byte < 0xE0 picks a dictionary word, else 0..31 literal bytes follow
 * type:  a byte: 0 f64 1 f32 2 i32 3 i64 4 u8 5 i8 6 u16 7 f64 big-endian
 *        8 fixed string (then width:u8) 9 variable string 10 enum bool
 *        11 compound {f64, i32} 12 i16 13 u32 14 u64 15 i32 big-endian
 * layout: 0 contiguous 1 chunked (then parts:u8 per axis: 1..4 chunks along it)
 *        2 chunked shuffle+deflate 3 compact
 *        4 as 2 with raw chunks (size:u16 + bytes each) 5 chunked deflate
 *        6 as 5 with raw chunks
 * values: the element bytes as stored (variable strings: len:u8 + bytes each);
 *         an exhausted program reads as zeros. */
#include "h5_program.h"

#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h5_checksum.h"

#define MAX_OPS 256
#define MAX_OBJECTS 64
#define PATH_CAP 256

const char *const h5_program_dict[] = {
    "_", "format", "version_major", "version_minor", "sense", "objective_offset", "shape", "c",
    "A", "data", "indices", "indptr", "row_lower", "row_upper", "col_lower", "col_upper", "names",
    "rows", "cols", "x", "y", "reduced_costs", "row_activity", "history", "certificate",
    "primal_ray", "dual_ray", "status", "solver_version", "problem_hash", "settings_hash",
    "vectors", "scalars", "x0", "y0", "iteration", "weight", "eta", "norm_A", "nodes", "slots",
    "workloads", "resources", "racks", "datacenters", "node_classes", "id", "capacity",
    "availability", "running_cost", "idle_power", "duration", "energy_price", "carbon_intensity",
    "demand", "needs", "eligible", "penalty", "defer_window", "defer_cost", "limits", "rack_power",
    "datacenter_power", "rack_bandwidth", "budget", "carbon_price", "power", "bandwidth", "name",
    "class", "rack", "datacenter", "solver", "columns", "encoding-type", "encoding-version",
    "fleetlp-lp", "fleetlp-solution", "fleetlp-checkpoint", "fleetlp-fleet", "fleetlp-plan",
    "next_log", "next_polish", "restart_k", "restarts", "state_layout", "num_rows", "num_cols",
    "scaling_hash", "device_hash", "r0", "r_prev", "pid_integral", "pid_prev_error",
    "best_weight", "best_balance", "elapsed", "probe_calls", "probe_next_iteration", "writer",
    "objective_name", "num_integer_relaxed", "csr_matrix", "0.1.0", "quality", "iterations",
    "primal_objective", "dual_objective", "tolerance", "num_nodes", "num_slots", "num_classes",
    "num_resources", "num_racks", "num_datacenters", "utilisation", "allocations", "amount",
    "served", "unserved", "deferred", "costs", "shadow_prices", "per_slot", "total", "node",
    "slot", "OPTIMAL", "RUNNING", "1", "0.0.1", "checksum", "manifest", "lp_rows", "lp_cols",
    "lp_nonzeros", "horizon_hours", "fleet", "fleet_name", "device", "solve_seconds",
    "total_seconds", "relative_gap", "relative_primal_residual", "relative_dual_residual",
    "node_peak", "capacity_horizon"};
const unsigned h5_program_dict_size = sizeof h5_program_dict / sizeof h5_program_dict[0];
#define DICT h5_program_dict
#define NDICT h5_program_dict_size

/* ---- reading the program -------------------------------------------------- */
typedef struct prog {
  const uint8_t *p;
  size_t n, at;
} prog;

static unsigned u8(prog *r) { return r->at < r->n ? r->p[r->at++] : 0; }
static unsigned u16(prog *r) {
  unsigned a = u8(r);
  return a | (u8(r) << 8);
}
static void take(prog *r, void *dst, size_t len) {
  size_t have = r->at < r->n ? r->n - r->at : 0;
  size_t k = have < len ? have : len;
  if (k) memcpy(dst, r->p + r->at, k);
  if (k < len) memset((char *)dst + k, 0, len - k);
  r->at += k;
}

static void read_name(prog *r, char out[40]) {
  unsigned b = u8(r);
  if (b < 0xE0) {
    snprintf(out, 40, "%s", DICT[b % NDICT]);
    return;
  }
  unsigned len = b - 0xE0, k = 0;
  for (unsigned i = 0; i < len; ++i) {
    unsigned c = u8(r);
    out[k++] = (c == '/' || c == 0 || c == '.') ? '_' : (char)c;
  }
  out[k] = '\0';
  if (k == 0) snprintf(out, 40, "_");
}

typedef struct object {
  char path[PATH_CAP];
  int is_group;
} object;

typedef struct builder {
  hid_t file;
  object obj[MAX_OBJECTS];
  int nobj;
} builder;

static const object *pick(builder *b, unsigned i) { return &b->obj[i % (unsigned)b->nobj]; }

static const char *parent_path(builder *b, unsigned i) {
  const object *o = pick(b, i);
  return o->is_group ? o->path : "/";
}

static int child_path(const char *parent, const char *name, char out[PATH_CAP]) {
  int w = snprintf(out, PATH_CAP, "%s%s%s", parent, strcmp(parent, "/") ? "/" : "", name);
  return w > 0 && w < PATH_CAP;
}

static void remember(builder *b, const char *path, int is_group) {
  if (b->nobj == MAX_OBJECTS) return;
  snprintf(b->obj[b->nobj].path, PATH_CAP, "%s", path);
  b->obj[b->nobj].is_group = is_group;
  b->nobj++;
}

/* The type of a selector (and string width); *vlen 1 for variable strings. */
hid_t h5_program_type(unsigned sel, unsigned width, int *vlen) {
  *vlen = 0;
  hid_t t = -1;
  switch (sel % 16) {
  case 0: t = H5Tcopy(H5T_IEEE_F64LE); break;
  case 1: t = H5Tcopy(H5T_IEEE_F32LE); break;
  case 2: t = H5Tcopy(H5T_STD_I32LE); break;
  case 3: t = H5Tcopy(H5T_STD_I64LE); break;
  case 4: t = H5Tcopy(H5T_STD_U8LE); break;
  case 5: t = H5Tcopy(H5T_STD_I8LE); break;
  case 6: t = H5Tcopy(H5T_STD_U16LE); break;
  case 7: t = H5Tcopy(H5T_IEEE_F64BE); break;
  case 8:
    t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, width);
    H5Tset_strpad(t, H5T_STR_NULLPAD);
    H5Tset_cset(t, H5T_CSET_UTF8);
    break;
  case 9:
    t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    *vlen = 1;
    break;
  case 10: {
    t = H5Tenum_create(H5T_NATIVE_INT8);
    signed char f = 0, tr = 1;
    H5Tenum_insert(t, "FALSE", &f);
    H5Tenum_insert(t, "TRUE", &tr);
    break;
  }
  case 11:
    t = H5Tcreate(H5T_COMPOUND, 12);
    H5Tinsert(t, "a", 0, H5T_IEEE_F64LE);
    H5Tinsert(t, "b", 8, H5T_STD_I32LE);
    break;
  case 12: t = H5Tcopy(H5T_STD_I16LE); break;
  case 13: t = H5Tcopy(H5T_STD_U32LE); break;
  case 14: t = H5Tcopy(H5T_STD_U64LE); break;
  default: t = H5Tcopy(H5T_STD_I32BE); break;
  }
  return t;
}

static hid_t make_type(prog *r, int *vlen) {
  unsigned sel = u8(r) % 16, width = sel == 8 ? 1 + u8(r) % 64 : 0;
  return h5_program_type(sel, width, vlen);
}

/* The values of count elements: raw bytes, or an array of strings. */
static void *read_values(prog *r, hid_t t, int vlen, uint64_t count) {
  if (vlen) {
    char **s = calloc(count ? count : 1, sizeof *s);
    for (uint64_t i = 0; s && i < count; ++i) {
      unsigned len = u8(r) % 48;
      s[i] = calloc(len + 1, 1);
      if (s[i]) take(r, s[i], len);
    }
    return s;
  }
  size_t bytes = (size_t)count * H5Tget_size(t);
  void *v = malloc(bytes ? bytes : 1);
  if (v) take(r, v, bytes);
  return v;
}

static void free_values(void *v, int vlen, uint64_t count) {
  if (vlen && v)
    for (uint64_t i = 0; i < count; ++i) free(((char **)v)[i]);
  free(v);
}

static void op_group(prog *r, builder *b) {
  const char *parent = parent_path(b, u8(r));
  char name[40], path[PATH_CAP];
  read_name(r, name);
  if (!child_path(parent, name, path)) return;
  hid_t g = H5Gcreate2(b->file, path, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (g >= 0) {
    remember(b, path, 1);
    H5Gclose(g);
  }
}

static void write_raw_chunks(prog *r, hid_t d, int rank, const hsize_t *dims, const hsize_t *chunk) {
  hsize_t nchunks[H5S_MAX_RANK], total = 1;
  for (int i = 0; i < rank; ++i) {
    nchunks[i] = (dims[i] + chunk[i] - 1) / chunk[i];
    total *= nchunks[i];
  }
  for (hsize_t k = 0; k < total && k < 64; ++k) {
    hsize_t off[H5S_MAX_RANK], rest = k;
    for (int i = rank - 1; i >= 0; --i) {
      off[i] = (rest % nchunks[i]) * chunk[i];
      rest /= nchunks[i];
    }
    unsigned size = 1 + u16(r) % 4096;
    unsigned char *buf = malloc(size);
    if (!buf) return;
    take(r, buf, size);
    H5Dwrite_chunk(d, H5P_DEFAULT, 0, off, size, buf);
    free(buf);
  }
}

static void op_dataset(prog *r, builder *b) {
  const char *parent = parent_path(b, u8(r));
  char name[40], path[PATH_CAP];
  read_name(r, name);
  int vlen;
  hid_t t = make_type(r, &vlen);
  int rank = (int)(u8(r) % 4);
  hsize_t dims[3] = {0, 0, 0}, chunk[3] = {1, 1, 1};
  uint64_t count = 1;
  for (int i = 0; i < rank; ++i) {
    dims[i] = u16(r);
    if (count * (dims[i] ? dims[i] : 1) > H5_PROGRAM_MAX_ELEMS) dims[i] = H5_PROGRAM_MAX_ELEMS / count;
    count *= dims[i];
    if (dims[i] == 0) count = 0;
  }
  unsigned layout = u8(r) % 7;
  int ok = child_path(parent, name, path) && t >= 0;
  hid_t space = rank == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(rank, dims, NULL);
  hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  int chunked = rank > 0 && layout != 0 && layout != 3;
  for (int i = 0; chunked && i < rank; ++i) { /* 1 to 4 chunks an axis: many cost time, not coverage */
    hsize_t parts = 1 + u8(r) % 4;
    chunk[i] = dims[i] ? (dims[i] + parts - 1) / parts : 1;
  }
  if (chunked) {
    H5Pset_chunk(dcpl, rank, chunk);
    if (layout == 2 || layout == 4) H5Pset_shuffle(dcpl);
    if (layout == 2 || layout == 4 || layout == 5 || layout == 6) H5Pset_deflate(dcpl, 1);
  } else if (layout == 3 && count * H5Tget_size(t) < 16000) {
    H5Pset_layout(dcpl, H5D_COMPACT);
  }
  hid_t d = ok ? H5Dcreate2(b->file, path, t, space, H5P_DEFAULT, dcpl, H5P_DEFAULT) : -1;
  if (d >= 0) {
    remember(b, path, 0);
    if ((layout == 4 || layout == 6) && chunked && count > 0) {
      write_raw_chunks(r, d, rank, dims, chunk);
    } else {
      void *v = read_values(r, t, vlen, count);
      if (v && count > 0) H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, v);
      free_values(v, vlen, count);
    }
    H5Dclose(d);
  }
  H5Pclose(dcpl);
  H5Sclose(space);
  if (t >= 0) H5Tclose(t);
}

static void op_attribute(prog *r, builder *b) {
  const object *o = pick(b, u8(r));
  char name[40];
  read_name(r, name);
  int vlen;
  hid_t t = make_type(r, &vlen);
  unsigned count = u8(r) % 9;
  hsize_t dim = count;
  hid_t space = count == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &dim, NULL);
  uint64_t n = count == 0 ? 1 : count;
  void *v = read_values(r, t, vlen, n);
  hid_t loc = H5Oopen(b->file, o->path, H5P_DEFAULT);
  if (loc >= 0 && t >= 0 && v) {
    if (H5Aexists(loc, name) > 0) H5Adelete(loc, name);
    hid_t a = H5Acreate2(loc, name, t, space, H5P_DEFAULT, H5P_DEFAULT);
    if (a >= 0) {
      H5Awrite(a, t, v);
      H5Aclose(a);
    }
  }
  if (loc >= 0) H5Oclose(loc);
  free_values(v, vlen, n);
  H5Sclose(space);
  if (t >= 0) H5Tclose(t);
}

static void op_link(prog *r, builder *b) {
  const char *parent = parent_path(b, u8(r));
  char name[40], path[PATH_CAP];
  read_name(r, name);
  unsigned target = u8(r);
  const char *to = target & 0x80 ? "/no/such/object" : pick(b, target)->path;
  if (child_path(parent, name, path)) H5Lcreate_soft(to, b->file, path, H5P_DEFAULT, H5P_DEFAULT);
}

typedef struct seal_op {
  unsigned mode;
  size_t at; /* where its operands start in the program */
} seal_op;

static void apply_seal(prog *r, const seal_op *s, const char *path) {
  if (s->mode == 0) return;
  flp_error err;
  if (s->mode == 1 || s->mode == 2) {
    if (flp_h5_checksum_seal(path, path, &err) != FLP_OK) return;
  }
  FILE *f = fopen(path, "r+b");
  if (!f) return;
  r->at = s->at;
  if (s->mode == 2) {
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    unsigned flips = u8(r) % 8;
    for (unsigned i = 0; i < flips && size > 0; ++i) {
      unsigned long at = (unsigned long)u16(r) | ((unsigned long)u16(r) << 16);
      unsigned char byte = (unsigned char)u8(r);
      fseek(f, (long)(at % (unsigned long)size), SEEK_SET);
      fwrite(&byte, 1, 1, f);
    }
  } else if (s->mode == 3) {
    unsigned len = u16(r) % FLP_H5_CHECKSUM_BLOCK;
    unsigned char *text = calloc(1, FLP_H5_CHECKSUM_BLOCK);
    if (text) {
      take(r, text, len);
      fwrite(text, 1, FLP_H5_CHECKSUM_BLOCK, f);
      free(text);
    }
  }
  fclose(f);
}

int h5_program_build(const uint8_t *data, size_t size, const char *path) {
  prog r = {data, size, 0};
  unsigned flags = u8(&r);
  hid_t fcpl = H5Pcreate(H5P_FILE_CREATE);
  if (flags & 1) H5Pset_userblock(fcpl, FLP_H5_CHECKSUM_BLOCK);
  builder b;
  b.file = H5Fcreate(path, H5F_ACC_TRUNC, fcpl, H5P_DEFAULT);
  H5Pclose(fcpl);
  if (b.file < 0) return -1;
  b.nobj = 0;
  remember(&b, "/", 1);
  seal_op seal = {0, 0};
  for (int ops = 0; ops < MAX_OPS && r.at < r.n; ++ops) {
    switch (u8(&r) % 5) {
    case 0: op_group(&r, &b); break;
    case 1: op_dataset(&r, &b); break;
    case 2: op_attribute(&r, &b); break;
    case 3: op_link(&r, &b); break;
    default:
      seal.mode = (flags & 1) ? u8(&r) % 4 : 0;
      seal.at = r.at;
      r.at += 3; /* its operands are read after the file is closed */
      break;
    }
  }
  H5Fclose(b.file);
  apply_seal(&r, &seal, path);
  return 0;
}
