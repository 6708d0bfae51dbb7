/* Output folders of the commands that write many files (--out-dir of
 * batches and scenario batches): the folder, the paths in it, CSV text. */
#ifndef FLEETLP_CLI_OUT_DIR_H
#define FLEETLP_CLI_OUT_DIR_H

#include <stdio.h>

/* mkdir -p dir; 0 with a message naming `option` and dir when it cannot be
 * made or is not a folder. */
int flp_cli_make_dirs(const char *dir, const char *option);
/* "dir/name" + ext, malloc'd (NULL when out of memory). */
char *flp_cli_join(const char *dir, const char *name, const char *ext);
/* s as one CSV field (quoted when it holds a comma, quote or line break). */
void flp_cli_csv_text(FILE *f, const char *s);

#endif
