/* Atomic output: write PATH.tmp, make it durable, rename it over PATH. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io_util.h"

char *flp_io_tmp_path(const char *path) {
  size_t len = strlen(path);
  char *tmp = malloc(len + 5);
  if (!tmp) return NULL;
  memcpy(tmp, path, len);
  memcpy(tmp + len, ".tmp", 5);
  return tmp;
}

int flp_io_ends_with(const char *path, const char *suffix) {
  size_t lp = strlen(path), ls = strlen(suffix);
  if (ls > lp) return 0;
  const char *a = path + lp - ls;
  for (size_t i = 0; i < ls; ++i) {
    char x = a[i], y = suffix[i];
    if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = (char)(y - 'A' + 'a');
    if (x != y) return 0;
  }
  return 1;
}

static void sync_parent_dir(const char *path) {
  /* Best effort: a failure here only weakens durability after a power cut. */
  const char *slash = strrchr(path, '/');
  char *dir;
  if (!slash) dir = strdup(".");
  else if (slash == path) dir = strdup("/");
  else dir = strndup(path, (size_t)(slash - path));
  if (!dir) return;
  int fd = open(dir, O_RDONLY);
  if (fd >= 0) {
    (void)fsync(fd);
    close(fd);
  }
  free(dir);
}

flp_rc flp_io_probe_writable(const char *tmp, const char *path, flp_error *err) {
  struct stat st;
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
    return flp_error_set(err, FLP_ERR_IO, "%s: is a directory, not a file that can be written",
                         path);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (fd < 0)
    return flp_error_set(err, FLP_ERR_IO, "%s: cannot write %s: %s", path, tmp, strerror(errno));
  close(fd);
  remove(tmp);
  return FLP_OK;
}

flp_rc flp_io_commit(const char *tmp, const char *path, flp_error *err) {
  int fd = open(tmp, O_RDONLY);
  if (fd < 0) {
    int e = errno;
    remove(tmp);
    return flp_error_set(err, FLP_ERR_IO, "%s: cannot reopen temporary file %s: %s", path, tmp,
                         strerror(e));
  }
  if (fsync(fd) != 0 && errno != EINVAL && errno != EROFS) {
    int e = errno;
    close(fd);
    remove(tmp);
    return flp_error_set(err, FLP_ERR_IO, "%s: cannot flush %s to disk: %s", path, tmp, strerror(e));
  }
  close(fd);
  if (rename(tmp, path) != 0) {
    int e = errno;
    remove(tmp);
    return flp_error_set(err, FLP_ERR_IO, "%s: cannot rename %s into place: %s", path, tmp,
                         strerror(e));
  }
  sync_parent_dir(path);
  return FLP_OK;
}

flp_rc flp_text_out_open(flp_text_out *o, const char *path, flp_error *err) {
  o->path = path;
  o->f = NULL;
  o->tmp = flp_io_tmp_path(path);
  if (!o->tmp) return flp_error_set(err, FLP_ERR_NOMEM, "%s: out of memory", path);
  flp_rc rc = flp_io_probe_writable(o->tmp, path, err);
  if (rc == FLP_OK && !(o->f = fopen(o->tmp, "w")))
    rc = flp_error_set(err, FLP_ERR_IO, "%s: cannot write %s: %s", path, o->tmp, strerror(errno));
  if (rc != FLP_OK) {
    free(o->tmp);
    o->tmp = NULL;
  }
  return rc;
}

flp_rc flp_text_out_commit(flp_text_out *o, flp_error *err) {
  /* stdio reports a full disk at some later write or at the close: the
   * first errno seen is the reason */
  int e = ferror(o->f) ? (errno ? errno : EIO) : 0;
  if (fflush(o->f) != 0 && !e) e = errno;
  if (fclose(o->f) != 0 && !e) e = errno;
  flp_rc rc;
  if (e) {
    remove(o->tmp);
    rc = flp_error_set(err, FLP_ERR_IO, "%s: cannot write %s: %s", o->path, o->tmp, strerror(e));
  } else {
    rc = flp_io_commit(o->tmp, o->path, err);
  }
  free(o->tmp);
  o->tmp = NULL;
  o->f = NULL;
  return rc;
}

void flp_text_out_abort(flp_text_out *o) {
  if (o->f) fclose(o->f);
  if (o->tmp) remove(o->tmp);
  free(o->tmp);
  o->tmp = NULL;
  o->f = NULL;
}
