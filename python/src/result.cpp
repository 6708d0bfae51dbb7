// flp_result to Python: the vectors become numpy arrays over the result's
// own memory, kept alive by one capsule that frees it after the last array.
#include "binding.h"

#include <cstring>
#include <new>

namespace fleetlp_py {

namespace {

nb::object vector(double *data, int32_t n, nb::handle owner) {
  if (!data) return nb::none();
  return nb::cast(nb::ndarray<nb::numpy, double, nb::ndim<1>>(data, {(size_t)n}, owner));
}

// One row per check; a small copy (a few hundred rows), in the column order
// of Result.history's dtype (python/fleetlp/_result.py).
nb::object history(const flp_result &r) {
  const size_t cols = 10, rows = (size_t)r.history_len;
  double *h = new double[rows * cols + 1];
  for (size_t i = 0; i < rows; ++i) {
    const flp_check_record &c = r.history[i];
    double *row = h + i * cols;
    row[0] = (double)c.iteration;
    row[1] = c.seconds;
    row[2] = c.primal_obj;
    row[3] = c.dual_obj;
    row[4] = c.rel_primal_res;
    row[5] = c.rel_dual_res;
    row[6] = c.rel_gap;
    row[7] = c.step;
    row[8] = c.primal_weight;
    row[9] = (double)c.restarted;
  }
  nb::capsule owner(h, [](void *p) noexcept { delete[] static_cast<double *>(p); });
  return nb::cast(nb::ndarray<nb::numpy, double, nb::ndim<2>>(h, {rows, cols}, owner));
}

}  // namespace

nb::dict result_to_dict(flp_result &res) {
  nb::dict d;
  d["status"] = (int)res.status;
  d["primal_objective"] = res.primal_obj;
  d["dual_objective"] = res.dual_obj;
  d["rel_primal_residual"] = res.rel_primal_res;
  d["rel_dual_residual"] = res.rel_dual_res;
  d["rel_gap"] = res.rel_gap;
  d["abs_primal_residual"] = res.abs_primal_res;
  d["abs_dual_residual"] = res.abs_dual_res;
  d["iterations"] = res.iterations;
  d["restarts"] = res.restarts;
  d["polish_iterations"] = res.polish_iterations;
  d["matrix_passes"] = res.matrix_passes;
  d["setup_seconds"] = res.setup_seconds;
  d["presolve_seconds"] = res.presolve_seconds;
  d["solve_seconds"] = res.solve_seconds;
  d["total_seconds"] = res.total_seconds;
  d["device"] = nb::str(res.device);
  d["certificate_quality"] = res.certificate_quality;
  d["norm_A_estimate"] = res.norm_A_estimate;
  d["history"] = history(res);

  flp_result *owned = new flp_result(res);
  std::memset(&res, 0, sizeof res); /* the capsule owns the arrays now */
  nb::capsule owner(owned, [](void *p) noexcept {
    flp_result_free(static_cast<flp_result *>(p));
    delete static_cast<flp_result *>(p);
  });
  d["x"] = vector(owned->x, owned->num_cols, owner);
  d["y"] = vector(owned->y, owned->num_rows, owner);
  d["reduced_costs"] = vector(owned->reduced_costs, owned->num_cols, owner);
  d["row_activity"] = vector(owned->row_activity, owned->num_rows, owner);
  d["primal_ray"] = vector(owned->primal_ray, owned->num_cols, owner);
  d["dual_ray"] = vector(owned->dual_ray, owned->num_rows, owner);
  return d;
}

}  // namespace fleetlp_py
