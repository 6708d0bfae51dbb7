/* The scenario file's layout ("fleetlp-scenarios", docs/scenarios.md),
 * declared once: the writer (h5_scenarios_write.c) and the reader
 * (h5_scenarios_read.c) both walk this table. Internal to the library. */
#ifndef FLEETLP_H5_SCENARIOS_LAYOUT_H
#define FLEETLP_H5_SCENARIOS_LAYOUT_H

#include <stddef.h>

#include "fleetlp.h"

#define FLP_SCENARIOS_FORMAT "fleetlp-scenarios"
#define FLP_SCENARIOS_VERSION 1

/* What one K x len dataset holds. */
typedef enum flp_scen_role { FLP_SCEN_COST, FLP_SCEN_LOWER, FLP_SCEN_UPPER } flp_scen_role;

typedef struct flp_scen_item {
  const char *dataset; /* absolute path in the file */
  size_t field;        /* offsetof the double * in flp_scenarios */
  int per_row;         /* len = num_rows (1), num_cols (0), or 1 (2: a constant per scenario) */
  flp_scen_role role;
} flp_scen_item;

static const flp_scen_item flp_scen_items[] = {
    {"/c", offsetof(flp_scenarios, obj), 0, FLP_SCEN_COST},
    {"/obj_offset", offsetof(flp_scenarios, obj_offset), 2, FLP_SCEN_COST},
    {"/col_lower", offsetof(flp_scenarios, col_lower), 0, FLP_SCEN_LOWER},
    {"/col_upper", offsetof(flp_scenarios, col_upper), 0, FLP_SCEN_UPPER},
    {"/row_lower", offsetof(flp_scenarios, row_lower), 1, FLP_SCEN_LOWER},
    {"/row_upper", offsetof(flp_scenarios, row_upper), 1, FLP_SCEN_UPPER},
};
#define FLP_SCEN_NUM_ITEMS (sizeof flp_scen_items / sizeof flp_scen_items[0])

/* The array an item names in sc (NULL: the base LP's values). */
static inline double **flp_scen_array(flp_scenarios *sc, const flp_scen_item *it) {
  return (double **)(void *)((char *)sc + it->field);
}
static inline const double *flp_scen_carray(const flp_scenarios *sc, const flp_scen_item *it) {
  return *(double *const *)(const void *)((const char *)sc + it->field);
}
static inline int64_t flp_scen_len(int32_t num_rows, int32_t num_cols, const flp_scen_item *it) {
  return it->per_row == 2 ? 1 : it->per_row ? num_rows : num_cols;
}

#endif
