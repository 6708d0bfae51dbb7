/* Fuzz inputs for the HDF5 readers, as programs that build an HDF5 file.
 *
 * Mutating the bytes of an HDF5 file mostly exercises the HDF5 library's own
 * parser (which, in 1.10, loops forever or crashes on some damaged files,
 * outside fleetlp's reach; fleetlp's checksum table keeps damaged files of its
 * own formats away from it). What fleetlp's readers must survive is every
 * *well-formed* file: any groups, datasets, attributes, types, shapes,
 * layouts, values and links. So a fuzz input is decoded as a short program of
 * operations that build such a file through the HDF5 API; libFuzzer mutates
 * the program. h5_program_encode turns an existing file into a program, so
 * valid files seed the corpus. Any byte string is a valid program.
 *
 * Program: a sequence of operations, each a selector byte and its operands:
 *   GROUP     parent name
 *   DATASET   parent name type rank dims(u16 each) layout values
 *   ATTRIBUTE object name type count values
 *   LINK      parent name target-object        (a soft link, maybe dangling)
 *   SEAL      mode [bytes]                     (the checksum table, see .c)
 * Names come from a dictionary of the names fleetlp's formats use, or are
 * spelled out; objects are referred to by their creation index. */
#ifndef FLEETLP_FUZZ_H5_PROGRAM_H
#define FLEETLP_FUZZ_H5_PROGRAM_H

#include <hdf5.h>
#include <stddef.h>
#include <stdint.h>

/* Most elements a dataset gets (its dims are clamped to fit). */
#define H5_PROGRAM_MAX_ELEMS ((uint64_t)1 << 12)

/* Shared by the builder and the encoder: the dictionary of names, and the
 * type of a selector (width: of a fixed-length string, 1..64). */
extern const char *const h5_program_dict[];
extern const unsigned h5_program_dict_size;
hid_t h5_program_type(unsigned sel, unsigned width, int *vlen);

/* Builds the file the program describes at path (overwritten). Returns 0 on
 * success, -1 when HDF5 could not create the file at all (the program is
 * then uninteresting: the caller skips it). */
int h5_program_build(const uint8_t *prog, size_t size, const char *path);

/* The program that rebuilds (a close copy of) the HDF5 file at path, in a
 * malloc'd buffer; NULL on failure. */
uint8_t *h5_program_encode(const char *path, size_t *size);

#endif
