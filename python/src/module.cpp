// fleetlp._core: the C library's solver object, settings table and file
// formats for the Python package (python/fleetlp). The Python layer converts
// and checks the user's arrays; this module passes them on without copies.
#include "binding.h"

NB_MODULE(_core, m) {
  namespace nb = nanobind;
  using namespace fleetlp_py;
  m.attr("version") = FLP_VERSION_STRING;
  m.def("status_names", [] {
    nb::list out;
    for (int k = FLP_STATUS_UNSET; k <= FLP_INTERRUPTED; ++k)
      out.append(flp_status_name(static_cast<flp_status>(k)));
    return out;
  }, "flp_status_name for every status, by value.");
  m.def("describe_devices", [] {
    char buf[4096];
    flp_describe_devices(buf, sizeof buf);
    return nb::str(buf);
  }, "The compiled-in backends and the devices they can use (or why not).");
  bind_settings(m);
  bind_problem(m);
  bind_solver(m);
  bind_batch(m);
}
