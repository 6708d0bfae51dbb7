// Problems between numpy and C: a view over the caller's arrays for the
// solver and the writers (no copy), and files read into arrays that own the
// C allocation (no copy either).
#include "binding.h"

#include <cstdlib>
#include <cstring>

#include <nanobind/stl/string.h>

namespace fleetlp_py {

namespace {

[[noreturn]] void input_error(const char *fmt, long long a, long long b) {
  flp_error err{};
  flp_error_set(&err, FLP_ERR_INPUT, fmt, a, b);
  raise_error(err);
}

void copy_names(nb::object src, size_t expect, const char *what, std::vector<std::string> &store,
                std::vector<char *> &ptrs) {
  if (src.is_none()) return;
  nb::sequence seq = nb::borrow<nb::sequence>(src);
  size_t n = nb::len(seq);
  if (n != expect) {
    flp_error err{};
    flp_error_set(&err, FLP_ERR_INPUT, "%s: %zu names for %zu entries", what, n, expect);
    raise_error(err);
  }
  store.reserve(n);
  for (nb::handle h : seq) store.push_back(nb::cast<std::string>(nb::str(h)));
  for (std::string &s : store) ptrs.push_back(s.data());
}

// Arrays that share one owner: the C allocation freed when the last goes.
nb::object owned(double *data, size_t n, nb::handle owner) {
  return nb::cast(nb::ndarray<nb::numpy, double, nb::ndim<1>>(data, {n}, owner));
}

nb::object names_list(char **names, int32_t n) {
  if (!names) return nb::none();
  nb::list out;
  for (int32_t k = 0; k < n; ++k) out.append(nb::str(names[k] ? names[k] : ""));
  return out;
}

void notice_to_python(void *user, const char *line) {
  // called with the GIL held: files are read and written without releasing it
  PyObject *fn = static_cast<PyObject *>(user);
  PyObject *r = PyObject_CallFunction(fn, "s", line);
  if (r) Py_DECREF(r);
  else PyErr_WriteUnraisable(fn); /* a broken log hook must not stop a read */
}

// The file's problem as arrays; c and offset back in the user's sense.
nb::dict read_problem(const std::string &path, nb::object notice) {
  flp_problem *p = static_cast<flp_problem *>(calloc(1, sizeof *p));
  if (!p) throw std::bad_alloc();
  flp_error err{};
  flp_rc rc = flp_read_problem(path.c_str(), p, notice.is_none() ? nullptr : notice_to_python,
                               notice.is_none() ? nullptr : notice.ptr(), &err);
  if (rc != FLP_OK) {
    flp_problem_free(p);
    free(p);
    raise_error(err);
  }
  if (p->objective_sense < 0) {
    for (int32_t j = 0; j < p->num_cols; ++j) p->obj[j] = -p->obj[j];
    p->obj_offset = -p->obj_offset;
  }
  nb::capsule owner(p, [](void *q) noexcept {
    flp_problem_free(static_cast<flp_problem *>(q));
    free(q);
  });
  size_t m = (size_t)p->num_rows, n = (size_t)p->num_cols, nnz = (size_t)p->nnz;
  nb::dict d;
  d["num_rows"] = p->num_rows;
  d["num_cols"] = p->num_cols;
  d["indptr"] = nb::cast(nb::ndarray<nb::numpy, int64_t, nb::ndim<1>>(p->row_ptr, {m + 1}, owner));
  d["indices"] = nb::cast(nb::ndarray<nb::numpy, int32_t, nb::ndim<1>>(p->col_idx, {nnz}, owner));
  d["data"] = owned(p->values, nnz, owner);
  d["c"] = owned(p->obj, n, owner);
  d["offset"] = p->obj_offset;
  d["sense"] = p->objective_sense;
  d["col_lower"] = owned(p->col_lower, n, owner);
  d["col_upper"] = owned(p->col_upper, n, owner);
  d["row_lower"] = owned(p->row_lower, m, owner);
  d["row_upper"] = owned(p->row_upper, m, owner);
  d["row_names"] = names_list(p->row_names, p->num_rows);
  d["col_names"] = names_list(p->col_names, p->num_cols);
  d["name"] = p->name ? nb::object(nb::str(p->name)) : nb::none();
  d["num_integer"] = p->num_integer;
  return d;
}

void write_problem(const std::string &path, Int64Array indptr, Int32Array indices, DoubleArray data,
                   DoubleArray c, double offset, int sense, DoubleArray col_lower,
                   DoubleArray col_upper, DoubleArray row_lower, DoubleArray row_upper,
                   nb::object row_names, nb::object col_names, nb::object name, int compression) {
  ProblemView v;
  make_view(v, indptr, indices, data, c, offset, sense, col_lower, col_upper, row_lower, row_upper,
            row_names, col_names, name);
  flp_error err{};
  check(flp_write_problem(path.c_str(), &v.p, compression, &err), err);
}

}  // namespace

void make_view(ProblemView &view, Int64Array indptr, Int32Array indices, DoubleArray data,
               DoubleArray c, double offset, int sense, DoubleArray col_lower,
               DoubleArray col_upper, DoubleArray row_lower, DoubleArray row_upper,
               nb::object row_names, nb::object col_names, nb::object name) {
  size_t m = row_lower.shape(0), n = c.shape(0), nnz = data.shape(0);
  if (m > INT32_MAX || n > INT32_MAX) input_error("problem: %lld rows or %lld columns exceed 2^31-1", (long long)m, (long long)n);
  if (row_upper.shape(0) != m) input_error("row_upper: length %lld, row_lower has %lld", (long long)row_upper.shape(0), (long long)m);
  if (col_lower.shape(0) != n) input_error("col_lower: length %lld, c has %lld", (long long)col_lower.shape(0), (long long)n);
  if (col_upper.shape(0) != n) input_error("col_upper: length %lld, c has %lld", (long long)col_upper.shape(0), (long long)n);
  if (indptr.shape(0) != m + 1) input_error("A.indptr: length %lld, expected rows + 1 = %lld", (long long)indptr.shape(0), (long long)(m + 1));
  if (indices.shape(0) != nnz) input_error("A.indices: length %lld, A.data has %lld", (long long)indices.shape(0), (long long)nnz);
  flp_problem &p = view.p;
  p.num_rows = (int32_t)m;
  p.num_cols = (int32_t)n;
  p.nnz = (int64_t)nnz;
  // flp_problem has non-const pointers for the arrays it owns elsewhere; a
  // view is only read (flp_solver_create copies, the writers read)
  p.row_ptr = const_cast<int64_t *>(indptr.data());
  p.col_idx = const_cast<int32_t *>(indices.data());
  p.values = const_cast<double *>(data.data());
  p.obj = const_cast<double *>(c.data());
  p.obj_offset = offset;
  p.objective_sense = sense;
  p.col_lower = const_cast<double *>(col_lower.data());
  p.col_upper = const_cast<double *>(col_upper.data());
  p.row_lower = const_cast<double *>(row_lower.data());
  p.row_upper = const_cast<double *>(row_upper.data());
  copy_names(row_names, m, "row_names", view.row_names, view.row_ptrs);
  copy_names(col_names, n, "col_names", view.col_names, view.col_ptrs);
  p.row_names = view.row_ptrs.empty() ? nullptr : view.row_ptrs.data();
  p.col_names = view.col_ptrs.empty() ? nullptr : view.col_ptrs.data();
  if (m == 0) p.row_names = nullptr;
  if (n == 0) p.col_names = nullptr;
  if (!name.is_none()) {
    view.name = nb::cast<std::string>(nb::str(name));
    p.name = view.name.data();
  }
}

void bind_problem(nb::module_ &m) {
  m.def("read_problem", &read_problem, nb::arg("path"), nb::arg("notice").none() = nb::none(),
        "MPS (fixed/free, .gz) or HDF5, by content: a dict of arrays in the user's sense.");
  m.def("write_problem", &write_problem, nb::arg("path"), nb::arg("indptr").noconvert(),
        nb::arg("indices").noconvert(), nb::arg("data").noconvert(), nb::arg("c").noconvert(),
        nb::arg("offset"), nb::arg("sense"), nb::arg("col_lower").noconvert(),
        nb::arg("col_upper").noconvert(), nb::arg("row_lower").noconvert(),
        nb::arg("row_upper").noconvert(), nb::arg("row_names").none(), nb::arg("col_names").none(),
        nb::arg("name").none(), nb::arg("compression") = -1,
        "By extension: .h5/.hdf5 (HDF5), .mps/.mps.gz (free MPS); c in minimisation form.");
}

}  // namespace fleetlp_py
