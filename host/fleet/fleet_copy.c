/* A deep copy of a fleet (flp_fleet_copy): what a scenario is applied to. */
#include <stdlib.h>
#include <string.h>

#include "fleet.h"

static int copy_names(char **dst, char *const *src, int32_t n) {
  for (int32_t i = 0; i < n; ++i) {
    char *s = strdup(src[i] ? src[i] : "");
    if (!s) return 0;
    free(dst[i]);
    dst[i] = s;
  }
  return 1;
}

#define COPY(field, count) memcpy(out->field, f->field, (size_t)(count) * sizeof *out->field)

flp_rc flp_fleet_copy(const flp_fleet *f, flp_fleet *out, flp_error *err) {
  const size_t N = (size_t)f->num_nodes, T = (size_t)f->num_slots, K = (size_t)f->num_classes;
  const size_t R = (size_t)f->num_resources, S = (size_t)f->num_node_classes;
  const size_t Q = (size_t)f->num_racks, D = (size_t)f->num_datacenters;
  flp_rc rc = flp_fleet_alloc(out, f->num_nodes, f->num_slots, f->num_classes, f->num_resources,
                              f->num_node_classes, f->num_racks, f->num_datacenters, err);
  if (rc != FLP_OK) return rc;
  int ok = copy_names(out->resource_names, f->resource_names, f->num_resources) &&
           copy_names(out->node_class_names, f->node_class_names, f->num_node_classes) &&
           copy_names(out->rack_names, f->rack_names, f->num_racks) &&
           copy_names(out->datacenter_names, f->datacenter_names, f->num_datacenters) &&
           copy_names(out->class_names, f->class_names, f->num_classes) &&
           copy_names(out->node_ids, f->node_ids, f->num_nodes);
  if (ok && f->name) ok = (out->name = strdup(f->name)) != NULL;
  if (!ok) {
    flp_fleet_free(out);
    return flp_error_set(err, FLP_ERR_NOMEM, "out of memory copying a fleet");
  }
  out->power_resource = f->power_resource;
  out->bandwidth_resource = f->bandwidth_resource;
  out->carbon_price = f->carbon_price;
  out->budget = f->budget;
  COPY(node_class, N);
  COPY(node_rack, N);
  COPY(node_datacenter, N);
  COPY(capacity, N * R);
  COPY(availability, N * T);
  COPY(running_cost, N);
  COPY(idle_power, N);
  COPY(slot_hours, T);
  COPY(energy_price, D * T);
  COPY(carbon_intensity, D * T);
  COPY(demand, K * T);
  COPY(needs, K * R);
  COPY(eligible, K * S);
  COPY(penalty, K);
  COPY(defer_window, K);
  COPY(defer_cost, K);
  COPY(rack_power, Q * T);
  COPY(datacenter_power, D * T);
  COPY(rack_bandwidth, Q * T);
  return FLP_OK;
}
