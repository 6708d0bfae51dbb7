/* Output folders (out_dir.h). */
#include "out_dir.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_args.h"

int flp_cli_make_dirs(const char *dir, const char *option) {
  char *p = strdup(dir);
  if (!p) return flp_cli_error("%s: out of memory", option), 0;
  int ok = 1;
  for (char *c = p + 1; ok && *c; ++c) {
    if (*c != '/') continue;
    *c = '\0';
    ok = mkdir(p, 0777) == 0 || errno == EEXIST;
    *c = '/';
  }
  ok = ok && (mkdir(p, 0777) == 0 || errno == EEXIST);
  int e = errno;
  struct stat st;
  if (ok && stat(p, &st) != 0) ok = 0, e = errno;
  else if (ok && !S_ISDIR(st.st_mode)) ok = 0, e = ENOTDIR;
  if (!ok) flp_cli_error("%s: cannot create folder %s: %s", option, dir, strerror(e));
  free(p);
  return ok;
}

char *flp_cli_join(const char *dir, const char *name, const char *ext) {
  size_t len = strlen(dir) + strlen(name) + strlen(ext) + 2;
  char *p = malloc(len);
  if (p) snprintf(p, len, "%s/%s%s", dir, name, ext);
  return p;
}

void flp_cli_csv_text(FILE *f, const char *s) {
  if (!strpbrk(s, ",\"\n\r")) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  for (; *s; ++s) {
    if (*s == '"') fputc('"', f);
    fputc(*s, f);
  }
  fputc('"', f);
}
