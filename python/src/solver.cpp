// The solver object (flp_solver_*) for Python. Solves run with the GIL
// released; the C library calls back into Python only through three hooks,
// each of which takes the GIL for the call:
//   log lines   -> the Python callable given to solve() (e.g. logging), or dropped;
//   each check  -> the user's callback, if any (a true return stops the solve),
//                  and, at most every 50 ms, PyErr_CheckSignals(), so Ctrl-C in
//                  the main thread stops the solve at that check;
// an exception raised in a hook (KeyboardInterrupt included) interrupts the
// solve (flp_solver_interrupt) and is re-raised once flp_solver_solve returns,
// its result freed. No C++ exception ever crosses the C library's frames.
#include "binding.h"

#include <atomic>
#include <chrono>
#include <cstring>

#include <nanobind/stl/string.h>

namespace fleetlp_py {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kSignalPoll = std::chrono::milliseconds(50);

// A Python exception parked while the solve unwinds to Python.
struct Pending {
  PyObject *type = nullptr, *value = nullptr, *tb = nullptr;
  bool set() const { return type != nullptr; }
  void fetch() { PyErr_Fetch(&type, &value, &tb); }
  void restore() { PyErr_Restore(type, value, tb), type = value = tb = nullptr; }
  void clear() { Py_XDECREF(type), Py_XDECREF(value), Py_XDECREF(tb), type = value = tb = nullptr; }
};

struct Hooks {
  flp_solver *solver;
  PyObject *log;      // borrowed from solve()'s arguments; NULL: drop the lines
  PyObject *callback; // borrowed; NULL: none
  Clock::time_point next_poll;
  Pending pending;
  bool stopped_by_callback = false;
};

// GIL held, a Python error set: keep the first one and stop the solve.
void stash(Hooks *h) {
  if (h->pending.set()) {
    PyErr_Clear();
    return;
  }
  h->pending.fetch();
  flp_solver_interrupt(h->solver);
}

void drop_line(void *, const char *) {}

void on_log(void *user, const char *line) {
  Hooks *h = static_cast<Hooks *>(user);
  if (!h->log) return;
  PyGILState_STATE g = PyGILState_Ensure();
  if (!h->pending.set()) {
    // names from a file need not be UTF-8: replace, never fail on a log line
    PyObject *text = PyUnicode_DecodeUTF8(line, (Py_ssize_t)strlen(line), "replace");
    PyObject *r = text ? PyObject_CallOneArg(h->log, text) : nullptr;
    Py_XDECREF(text);
    if (r) Py_DECREF(r);
    else stash(h);
  }
  PyGILState_Release(g);
}

PyObject *record_dict(const flp_check_record *r) {
  return Py_BuildValue("{s:L,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:i}", "iteration",
                       (long long)r->iteration, "seconds", r->seconds, "primal_objective",
                       r->primal_obj, "dual_objective", r->dual_obj, "rel_primal_residual",
                       r->rel_primal_res, "rel_dual_residual", r->rel_dual_res, "rel_gap", r->rel_gap,
                       "step", r->step, "primal_weight", r->primal_weight, "restarted",
                       r->restarted);
}

void on_check(void *user, const flp_check_record *rec) {
  Hooks *h = static_cast<Hooks *>(user);
  Clock::time_point now = Clock::now();
  bool poll = now >= h->next_poll;
  if (!h->callback && !poll) return;
  PyGILState_STATE g = PyGILState_Ensure();
  if (h->callback && !h->pending.set()) {
    PyObject *d = record_dict(rec);
    PyObject *r = d ? PyObject_CallOneArg(h->callback, d) : nullptr;
    Py_XDECREF(d);
    if (!r) {
      stash(h);
    } else {
      int stop = PyObject_IsTrue(r);
      Py_DECREF(r);
      if (stop < 0) stash(h);
      else if (stop) h->stopped_by_callback = true, flp_solver_interrupt(h->solver);
    }
  }
  if (poll && !h->pending.set()) {
    h->next_poll = now + kSignalPoll;
    if (PyErr_CheckSignals() < 0) stash(h); /* runs Python's handlers: main thread only */
  }
  PyGILState_Release(g);
}

class Solver {
 public:
  Solver(Int64Array indptr, Int32Array indices, DoubleArray data, DoubleArray c, double offset,
         int sense, DoubleArray col_lower, DoubleArray col_upper, DoubleArray row_lower,
         DoubleArray row_upper, nb::object row_names, nb::object col_names, nb::object name,
         const Settings &settings) {
    ProblemView v;
    make_view(v, indptr, indices, data, c, offset, sense, col_lower, col_upper, row_lower,
              row_upper, row_names, col_names, name);
    flp_error err{};
    flp_rc rc;
    {
      nb::gil_scoped_release nogil; /* setup (presolve, upload, scaling) copies the arrays */
      rc = flp_solver_create(&v.p, &settings.s, &s_, &err);
    }
    check(rc, err);
    flp_solver_set_log(s_, drop_line, nullptr); /* never C's stdout */
    rows_ = v.p.num_rows;
    cols_ = v.p.num_cols;
  }
  ~Solver() { flp_solver_free(s_); }
  Solver(const Solver &) = delete;
  Solver &operator=(const Solver &) = delete;

  nb::dict solve(nb::object log, nb::object callback) {
    flp_solver *s = idle(); /* GIL held: the check and busy_ = true below are one step */
    Hooks h{s, log.is_none() ? nullptr : log.ptr(), callback.is_none() ? nullptr : callback.ptr(),
            Clock::now() + kSignalPoll, {}, false};
    flp_solver_set_log(s, on_log, &h);
    flp_solver_set_check_callback(s, on_check, &h);
    flp_result res{};
    flp_error err{};
    flp_rc rc;
    busy_ = true;
    {
      nb::gil_scoped_release nogil;
      rc = flp_solver_solve(s, &res, &err);
    }
    busy_ = false;
    flp_solver_set_log(s, drop_line, nullptr); /* h lives on this frame only */
    flp_solver_set_check_callback(s, nullptr, nullptr);
    if (h.pending.set()) {
      flp_result_free(&res);
      h.pending.restore();
      throw nb::python_error();
    }
    if (rc != FLP_OK) raise_error(err);
    nb::dict d;
    try {
      d = result_to_dict(res);
    } catch (...) {
      flp_result_free(&res);
      throw;
    }
    d["stopped_by_callback"] = h.stopped_by_callback;
    return d;
  }

  void set_objective(DoubleArray c, double offset) {
    flp_solver *s = idle();
    length(c, cols_, "c");
    flp_error err{};
    check(flp_solver_set_objective(s, c.data(), offset, &err), err);
  }

  void set_row_bounds(nb::object lower, nb::object upper) { bounds(lower, upper, rows_, "row", flp_solver_set_row_bounds); }
  void set_col_bounds(nb::object lower, nb::object upper) { bounds(lower, upper, cols_, "col", flp_solver_set_col_bounds); }

  void set_warm_start(nb::object x, nb::object y) {
    flp_solver *s = idle();
    DoubleArray xa, ya;
    if (!x.is_none()) xa = nb::cast<DoubleArray>(x, false), length(xa, cols_, "x");
    if (!y.is_none()) ya = nb::cast<DoubleArray>(y, false), length(ya, rows_, "y");
    flp_error err{};
    check(flp_solver_set_warm_start(s, x.is_none() ? nullptr : xa.data(),
                                    y.is_none() ? nullptr : ya.data(), &err),
          err);
  }

  void set_settings(const Settings &st) {
    flp_solver *s = idle();
    flp_error err{};
    flp_rc rc;
    busy_ = true; /* the GIL goes: keep other threads' calls off the object meanwhile */
    {
      nb::gil_scoped_release nogil; /* may set up again (device, scaling, presolve) */
      rc = flp_solver_set_settings(s, &st.s, &err);
    }
    busy_ = false;
    check(rc, err);
  }

  // Lock-free (one atomic store): safe from any thread, GIL or not.
  void interrupt() {
    if (s_) flp_solver_interrupt(s_);
  }

  void close() {
    idle();
    flp_solver_free(s_);
    s_ = nullptr;
  }

  std::string device() { return flp_solver_device(open()); }
  int32_t rows() const { return rows_; }
  int32_t cols() const { return cols_; }
  bool closed() const { return s_ == nullptr; }

 private:
  flp_solver *open() {
    if (!s_) throw std::runtime_error("this Solver is closed");
    return s_;
  }
  // One call at a time on the C object: a solve, or a new setup, runs with
  // the GIL released, and no other call may touch the object meanwhile.
  flp_solver *idle() {
    flp_solver *s = open();
    if (busy_)
      throw std::runtime_error("this Solver is busy in another thread (solving or setting up); "
                               "wait for it or interrupt() it");
    return s;
  }
  static void length(const DoubleArray &a, int32_t expect, const char *what) {
    if (a.shape(0) != (size_t)expect) {
      flp_error err{};
      flp_error_set(&err, FLP_ERR_INPUT, "%s: length %zu, the problem has %d", what, a.shape(0),
                    (int)expect);
      raise_error(err);
    }
  }
  template <class Fn>
  void bounds(nb::object lower, nb::object upper, int32_t n, const char *kind, Fn fn) {
    flp_solver *s = idle();
    std::string lo_name = std::string(kind) + "_lower", hi_name = std::string(kind) + "_upper";
    DoubleArray lo, hi;
    if (!lower.is_none()) lo = nb::cast<DoubleArray>(lower, false), length(lo, n, lo_name.c_str());
    if (!upper.is_none()) hi = nb::cast<DoubleArray>(upper, false), length(hi, n, hi_name.c_str());
    flp_error err{};
    check(fn(s, lower.is_none() ? nullptr : lo.data(), upper.is_none() ? nullptr : hi.data(), &err),
          err);
  }

  flp_solver *s_ = nullptr;
  int32_t rows_ = 0, cols_ = 0;
  std::atomic<bool> busy_{false}; /* set and read with the GIL held */
};

}  // namespace

void bind_solver(nb::module_ &m) {
  nb::class_<Solver>(m, "Solver", "flp_solver: set up once, solve, change data, solve again")
      .def(nb::init<Int64Array, Int32Array, DoubleArray, DoubleArray, double, int, DoubleArray,
                    DoubleArray, DoubleArray, DoubleArray, nb::object, nb::object, nb::object,
                    const Settings &>(),
           nb::arg("indptr").noconvert(), nb::arg("indices").noconvert(),
           nb::arg("data").noconvert(), nb::arg("c").noconvert(), nb::arg("offset"),
           nb::arg("sense"), nb::arg("col_lower").noconvert(), nb::arg("col_upper").noconvert(),
           nb::arg("row_lower").noconvert(), nb::arg("row_upper").noconvert(),
           nb::arg("row_names").none(), nb::arg("col_names").none(), nb::arg("name").none(),
           nb::arg("settings"))
      .def("solve", &Solver::solve, nb::arg("log").none(), nb::arg("callback").none())
      .def("set_objective", &Solver::set_objective, nb::arg("c").noconvert(), nb::arg("offset"))
      .def("set_row_bounds", &Solver::set_row_bounds, nb::arg("lower").none(), nb::arg("upper").none())
      .def("set_col_bounds", &Solver::set_col_bounds, nb::arg("lower").none(), nb::arg("upper").none())
      .def("set_warm_start", &Solver::set_warm_start, nb::arg("x").none(), nb::arg("y").none())
      .def("set_settings", &Solver::set_settings, nb::arg("settings"))
      .def("interrupt", &Solver::interrupt)
      .def("close", &Solver::close)
      .def_prop_ro("device", &Solver::device)
      .def_prop_ro("num_rows", &Solver::rows)
      .def_prop_ro("num_cols", &Solver::cols)
      .def_prop_ro("closed", &Solver::closed);
}

}  // namespace fleetlp_py
