// C call statuses to Python exceptions.
#include "binding.h"

namespace fleetlp_py {

void raise_error(const flp_error &err) {
  PyObject *type = PyExc_RuntimeError;
  switch (err.code) {
  case FLP_ERR_INPUT: type = PyExc_ValueError; break;
  case FLP_ERR_IO: type = PyExc_OSError; break;
  case FLP_ERR_NOMEM: type = PyExc_MemoryError; break;
  default: break;
  }
  const char *msg = err.msg[0] ? err.msg : flp_rc_name(err.code);
  PyErr_SetString(type, msg);
  throw nb::python_error();
}

}  // namespace fleetlp_py
