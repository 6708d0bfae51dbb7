// Shared declarations of the fleetlp._core module: how C call statuses
// become Python exceptions, the array types the bindings accept, and one
// registration function per file.
#pragma once

#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>

#include <string>
#include <vector>

#include "fleetlp.h"
#include "fleetlp_io.h"

namespace fleetlp_py {

namespace nb = nanobind;

// Arrays come in already converted by the Python layer (float64 / int64 /
// int32, C-contiguous), so nothing is copied here; noconvert() on the
// arguments makes a mismatch an error instead of a silent copy.
using DoubleArray = nb::ndarray<const double, nb::ndim<1>, nb::c_contig, nb::device::cpu>;
using Int64Array = nb::ndarray<const int64_t, nb::ndim<1>, nb::c_contig, nb::device::cpu>;
using Int32Array = nb::ndarray<const int32_t, nb::ndim<1>, nb::c_contig, nb::device::cpu>;

// Raises the Python exception for a failed call: ValueError for bad input,
// OSError for files, MemoryError, RuntimeError otherwise; the message is the
// library's, which names the array, setting, file or line at fault.
[[noreturn]] void raise_error(const flp_error &err);
inline void check(flp_rc rc, const flp_error &err) {
  if (rc != FLP_OK) raise_error(err);
}

// A settings struct that Python code fills by name (settings.cpp).
struct Settings {
  flp_settings s;
  Settings() { flp_settings_default(&s); }
};

// An flp_problem whose arrays point into numpy arrays the caller keeps
// alive; the names are copied, since C wants char** (problem.cpp).
struct ProblemView {
  flp_problem p{};
  std::vector<std::string> row_names, col_names;
  std::vector<char *> row_ptrs, col_ptrs;
  std::string name;
};

// Checks lengths against each other and fills view (nothing is copied but
// the names). c and offset are in the minimisation form of flp_problem.
void make_view(ProblemView &view, Int64Array indptr, Int32Array indices, DoubleArray data,
               DoubleArray c, double offset, int sense, DoubleArray col_lower,
               DoubleArray col_upper, DoubleArray row_lower, DoubleArray row_upper,
               nb::object row_names, nb::object col_names, nb::object name);

// The result as a dict of plain values and numpy arrays that own the
// result's memory (no copy); res is left zeroed (result.cpp).
nb::dict result_to_dict(flp_result &res);

void bind_settings(nb::module_ &m);
void bind_problem(nb::module_ &m);
void bind_solver(nb::module_ &m);
void bind_batch(nb::module_ &m);

}  // namespace fleetlp_py
