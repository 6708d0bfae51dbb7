/* In-memory HDF5 files and their images on disk (h5_image.h). */
#include "h5_image.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "h5_checksum.h"

/* The in-memory file grows by this much at a time (HDF5 reallocates its
 * buffer: large steps keep big files from being copied often). */
#define GROWTH ((size_t)16 << 20)

hid_t flp_h5_image_create(const char *label, int checksummed, flp_error *err) {
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  hid_t fcpl = checksummed ? flp_h5_checksum_fcpl() : H5P_DEFAULT;
  hid_t f = -1;
  char name[4200];
  /* the name only labels it (nothing goes to disk); HDF5 refuses two open files of one name */
  snprintf(name, sizeof name, "%s (in memory %p)", label, (void *)&name);
  if (fapl >= 0 && fcpl >= 0 && H5Pset_fapl_core(fapl, GROWTH, 0) >= 0)
    f = H5Fcreate(name, H5F_ACC_TRUNC, fcpl, fapl);
  if (fapl >= 0) H5Pclose(fapl);
  if (checksummed && fcpl >= 0) H5Pclose(fcpl);
  if (f < 0) flp_h5_fail(err, FLP_ERR_NOMEM, "%s: cannot start the file in memory", label);
  return f;
}

flp_rc flp_h5_image_copy(hid_t file, unsigned char **image, size_t *size, const char *label,
                         flp_error *err) {
  *image = NULL;
  *size = 0;
  flp_rc rc = FLP_OK;
  /* HDF5's image starts at the superblock; the user block goes in front (zeros) */
  hsize_t ub = 0;
  hid_t fcpl = H5Fget_create_plist(file);
  if (fcpl >= 0) {
    H5Pget_userblock(fcpl, &ub);
    H5Pclose(fcpl);
  }
  ssize_t n = H5Fflush(file, H5F_SCOPE_LOCAL) < 0 ? -1 : H5Fget_file_image(file, NULL, 0);
  if (n <= 0) {
    rc = flp_h5_fail(err, FLP_ERR_INTERNAL, "%s: cannot finish the file in memory", label);
  } else if (!(*image = calloc(1, (size_t)ub + (size_t)n))) {
    rc = flp_error_set(err, FLP_ERR_NOMEM, "%s: out of memory for the file (%lld bytes)", label,
                       (long long)n);
  } else if (H5Fget_file_image(file, *image + ub, (size_t)n) != n) {
    rc = flp_h5_fail(err, FLP_ERR_INTERNAL, "%s: cannot copy the file out of memory", label);
  } else {
    *size = (size_t)ub + (size_t)n;
  }
  if (rc != FLP_OK) {
    free(*image);
    *image = NULL;
    *size = 0;
  }
  return rc;
}

flp_rc flp_h5_image_take(hid_t file, unsigned char **image, size_t *size, const char *label,
                         flp_error *err) {
  flp_rc rc = flp_h5_image_copy(file, image, size, label, err);
  if (H5Fclose(file) < 0 && rc == FLP_OK)
    rc = flp_h5_fail(err, FLP_ERR_INTERNAL, "%s: cannot close the file in memory", label);
  if (rc != FLP_OK) {
    free(*image);
    *image = NULL;
    *size = 0;
  }
  return rc;
}

hid_t flp_h5_image_open(const unsigned char *image, size_t size, const char *label,
                        flp_error *err) {
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  hid_t f = -1;
  char name[4200];
  snprintf(name, sizeof name, "%s (image %p)", label, (const void *)image);
  if (fapl >= 0 && H5Pset_fapl_core(fapl, GROWTH, 0) >= 0 &&
      H5Pset_file_image(fapl, (void *)image, size) >= 0)
    f = H5Fopen(name, H5F_ACC_RDONLY, fapl);
  if (fapl >= 0) H5Pclose(fapl);
  if (f < 0) flp_h5_fail(err, FLP_ERR_INTERNAL, "%s: cannot open the file in memory", label);
  return f;
}

flp_rc flp_h5_image_write(const char *path, const unsigned char *image, size_t size,
                          const char *label, flp_error *err) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (fd < 0)
    return flp_error_set(err, FLP_ERR_IO, "%s: cannot create %s: %s", label, path, strerror(errno));
  flp_rc rc = FLP_OK;
  for (size_t done = 0; done < size && rc == FLP_OK;) {
    ssize_t w = write(fd, image + done, size - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0)
      rc = flp_error_set(err, FLP_ERR_IO, "%s: cannot write %s: %s", label, path,
                         w < 0 ? strerror(errno) : "nothing written");
    else done += (size_t)w;
  }
  if (rc == FLP_OK && fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
    rc = flp_error_set(err, FLP_ERR_IO, "%s: cannot flush %s to disk: %s", label, path,
                       strerror(errno));
  if (close(fd) != 0 && rc == FLP_OK)
    rc = flp_error_set(err, FLP_ERR_IO, "%s: cannot write %s: %s", label, path, strerror(errno));
  if (rc != FLP_OK) remove(path);
  return rc;
}
