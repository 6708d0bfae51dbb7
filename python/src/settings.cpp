// Settings by name, from the library's one table (flp_setting_at): the
// bindings keep no list of their own, so a setting added to the table is
// settable from Python at once.
#include "binding.h"

#include <nanobind/stl/string.h>

namespace fleetlp_py {

namespace {

const flp_setting_info &find_or_raise(const std::string &name) {
  const flp_setting_info *in = flp_setting_find(name.c_str());
  if (!in) {
    flp_error err{};
    flp_error_set(&err, FLP_ERR_INPUT, "unknown setting '%s' (fleetlp.settings() lists them)",
                  name.c_str());
    raise_error(err);
  }
  return *in;
}

// Text goes through the library's parser (enum names, on/off, numbers);
// bools and numbers (numpy scalars included) are passed as numbers.
void set(Settings &self, const std::string &name, nb::handle value) {
  const flp_setting_info &in = find_or_raise(name);
  flp_error err{};
  flp_rc rc;
  if (nb::isinstance<nb::str>(value)) {
    rc = flp_settings_set(&self.s, name.c_str(), nb::cast<std::string>(value).c_str(), &err);
  } else if (PyBool_Check(value.ptr())) {
    rc = flp_settings_set_real(&self.s, name.c_str(), value.ptr() == Py_True ? 1.0 : 0.0, &err);
  } else {
    double v = PyFloat_AsDouble(value.ptr());
    if (v == -1.0 && PyErr_Occurred()) {
      PyErr_Clear();
      std::string repr = nb::cast<std::string>(nb::repr(value));
      flp_error_set(&err, FLP_ERR_INPUT, "setting %s: %s is not a number, a bool or a string",
                    in.name, repr.c_str());
      raise_error(err);
    }
    rc = flp_settings_set_real(&self.s, name.c_str(), v, &err);
  }
  check(rc, err);
}

nb::object get(const Settings &self, const std::string &name) {
  const flp_setting_info &in = find_or_raise(name);
  flp_error err{};
  double v = 0;
  check(flp_settings_get_real(&self.s, name.c_str(), &v, &err), err);
  switch (in.type) {
  case FLP_SETTING_INT: return nb::int_((long long)v);
  case FLP_SETTING_BOOL: return nb::bool_(v != 0);
  case FLP_SETTING_ENUM: return nb::str(in.choices[(int)v]);
  default: return nb::float_(v);
  }
}

nb::list table() {
  static const char *const types[] = {"real", "int", "bool", "enum"};
  nb::list out;
  for (int i = 0; i < flp_settings_count(); ++i) {
    const flp_setting_info *in = flp_setting_at(i);
    nb::dict row;
    row["name"] = in->name;
    row["type"] = types[in->type];
    row["default"] = in->default_value;
    row["min"] = in->min;
    row["max"] = in->max;
    row["min_open"] = (bool)in->min_open;
    row["max_open"] = (bool)in->max_open;
    nb::list choices;
    for (int k = 0; in->choices && in->choices[k]; ++k) choices.append(in->choices[k]);
    row["choices"] = choices;
    row["shapes_iterates"] = (in->flags & FLP_SETTING_SHAPES_ITERATES) != 0;
    row["needs_setup"] = (in->flags & FLP_SETTING_NEEDS_SETUP) != 0;
    row["doc"] = in->doc;
    out.append(row);
  }
  return out;
}

}  // namespace

void bind_settings(nb::module_ &m) {
  nb::class_<Settings>(m, "Settings", "flp_settings, filled by name")
      .def(nb::init<>())
      .def("set", &set, nb::arg("name"), nb::arg("value"))
      .def("get", &get, nb::arg("name"))
      .def("__copy__", [](const Settings &s) { return Settings(s); });
  m.def("settings_table", &table, "The settings table: one dict per setting.");
}

}  // namespace fleetlp_py
