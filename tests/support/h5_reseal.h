// Tests that edit a checksummed fleetlp file (checkpoint, solution, plan) to
// provoke one particular refusal re-seal it afterwards, so that the refusal
// they see is that one and not the checksum's (io/h5_checksum.h).
#ifndef FLEETLP_TESTS_H5_RESEAL_H
#define FLEETLP_TESTS_H5_RESEAL_H

#include <cstring>
#include <fstream>
#include <string>

extern "C" {  // an internal io/ header, without C++ guards of its own
#include "h5_checksum.h"
}

namespace flptest {

// Recomputes the checksum table of a closed file that has one; a file
// without one is left alone.
inline bool reseal_h5(const std::string &path) {
  char head[32] = {0};
  std::ifstream(path, std::ios::binary).read(head, sizeof head - 1);
  if (std::strncmp(head, "fleetlp checksum ", 17) != 0) return true;
  flp_error err{};
  return flp_h5_checksum_seal(path.c_str(), path.c_str(), &err) == FLP_OK;
}

}  // namespace flptest

#endif
