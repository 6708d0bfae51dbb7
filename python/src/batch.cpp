// Scenario batches (flp_batch) for Python: K variants of one LP, solved
// together with the GIL released. Log lines go to a Python callable (taken
// with the GIL) or are dropped, never to C's stdout.
#include "binding.h"

#include <cstring>
#include <stdexcept>

#include <nanobind/stl/string.h>

namespace fleetlp_py {

namespace {

using Block = nb::ndarray<const double, nb::ndim<2>, nb::c_contig, nb::device::cpu>;

// A K x len block of the caller's, or none; the ndarray keeps it alive.
struct Part {
  Block b;
  bool given = false;
  void take(nb::object o, int32_t K, int32_t len, const char *what) {
    if (o.is_none()) return;
    b = nb::cast<Block>(o, false);
    if (b.shape(0) != (size_t)K || b.shape(1) != (size_t)len)
      throw std::invalid_argument(std::string(what) + ": expected shape (" + std::to_string(K) + ", " +
                                  std::to_string(len) + "), got (" + std::to_string(b.shape(0)) +
                                  ", " + std::to_string(b.shape(1)) + ")");
    given = true;
  }
  double *data() const { return given ? const_cast<double *>(b.data()) : nullptr; }
};

struct LogHook {
  PyObject *log; // borrowed; NULL: drop
};

void batch_log(void *user, const char *line) {
  LogHook *h = static_cast<LogHook *>(user);
  if (!h->log) return;
  PyGILState_STATE g = PyGILState_Ensure();
  PyObject *text = PyUnicode_DecodeUTF8(line, (Py_ssize_t)strlen(line), "replace");
  PyObject *r = text ? PyObject_CallOneArg(h->log, text) : nullptr;
  Py_XDECREF(text);
  if (r) Py_DECREF(r);
  else PyErr_Clear(); /* a failing log sink loses the line, not the batch */
  PyGILState_Release(g);
}

nb::list solve_batch(Int64Array indptr, Int32Array indices, DoubleArray data, DoubleArray c,
                     double offset, int sense, DoubleArray col_lower, DoubleArray col_upper,
                     DoubleArray row_lower, DoubleArray row_upper, nb::object row_names,
                     nb::object col_names, nb::object name, const Settings &settings, int32_t K,
                     nb::object sc_c, nb::object sc_offset, nb::object sc_col_lower,
                     nb::object sc_col_upper, nb::object sc_row_lower, nb::object sc_row_upper,
                     nb::object names, nb::object log) {
  ProblemView v;
  make_view(v, indptr, indices, data, c, offset, sense, col_lower, col_upper, row_lower, row_upper,
            row_names, col_names, name);
  const int32_t m = v.p.num_rows, n = v.p.num_cols;
  Part pc, po, pcl, pcu, prl, pru;
  pc.take(sc_c, K, n, "c");
  po.take(sc_offset, K, 1, "offset");
  pcl.take(sc_col_lower, K, n, "col_lower");
  pcu.take(sc_col_upper, K, n, "col_upper");
  prl.take(sc_row_lower, K, m, "row_lower");
  pru.take(sc_row_upper, K, m, "row_upper");
  std::vector<std::string> name_text;
  std::vector<char *> name_ptrs;
  if (!names.is_none()) {
    for (nb::handle h : names) name_text.push_back(nb::cast<std::string>(h));
    if ((int32_t)name_text.size() != K)
      throw std::invalid_argument("names: " + std::to_string(name_text.size()) + " names for " +
                                  std::to_string(K) + " scenarios");
    for (std::string &s : name_text) name_ptrs.push_back(s.data());
  }
  flp_scenarios sc{};
  sc.count = K;
  sc.num_rows = m;
  sc.num_cols = n;
  sc.objective_sense = sense;
  sc.obj = pc.data();
  sc.obj_offset = po.data();
  sc.col_lower = pcl.data();
  sc.col_upper = pcu.data();
  sc.row_lower = prl.data();
  sc.row_upper = pru.data();
  sc.names = names.is_none() ? nullptr : name_ptrs.data();

  LogHook hook{log.is_none() ? nullptr : log.ptr()};
  std::vector<flp_result> res((size_t)(K > 0 ? K : 0));
  flp_error err{};
  flp_rc rc;
  {
    nb::gil_scoped_release nogil;
    flp_batch *b = nullptr;
    rc = flp_batch_create(&v.p, &sc, &settings.s, &b, &err);
    if (rc == FLP_OK) {
      flp_batch_set_log(b, batch_log, &hook);
      rc = flp_batch_solve(b, res.data(), &err);
    }
    flp_batch_free(b);
  }
  check(rc, err);
  nb::list out;
  size_t k = 0;
  try {
    for (; k < res.size(); ++k) {
      nb::dict d = result_to_dict(res[k]);
      d["stopped_by_callback"] = false;
      out.append(d);
    }
  } catch (...) {
    for (; k < res.size(); ++k) flp_result_free(&res[k]);
    throw;
  }
  return out;
}

}  // namespace

void bind_batch(nb::module_ &m) {
  m.def("solve_batch", &solve_batch, nb::arg("indptr").noconvert(), nb::arg("indices").noconvert(),
        nb::arg("data").noconvert(), nb::arg("c").noconvert(), nb::arg("offset"), nb::arg("sense"),
        nb::arg("col_lower").noconvert(), nb::arg("col_upper").noconvert(),
        nb::arg("row_lower").noconvert(), nb::arg("row_upper").noconvert(),
        nb::arg("row_names").none(), nb::arg("col_names").none(), nb::arg("name").none(),
        nb::arg("settings"), nb::arg("count"), nb::arg("sc_c").none(), nb::arg("sc_offset").none(),
        nb::arg("sc_col_lower").none(), nb::arg("sc_col_upper").none(),
        nb::arg("sc_row_lower").none(), nb::arg("sc_row_upper").none(), nb::arg("names").none(),
        nb::arg("log").none(),
        "flp_batch: K scenarios of one LP (K x n / K x m blocks, minimisation form, None: the base's).");
}

}  // namespace fleetlp_py
