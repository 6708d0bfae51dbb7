// Scratch folders and files for tests (see temp_files.h).
#include "temp_files.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace flptest {

TempDir::TempDir() {
  std::string tmpl = testing::TempDir() + "fleetlp_test_XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) {
    ADD_FAILURE() << "mkdtemp(" << tmpl << ") failed";
    std::abort();
  }
  path_ = buf.data();
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void write_file(const std::string &path, const std::string &bytes) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  f.close();
  if (!f) {
    ADD_FAILURE() << "cannot write " << path;
    std::abort();
  }
}

void write_gzip(const std::string &path, const std::string &bytes) {
  gzFile gz = gzopen(path.c_str(), "wb");
  bool ok = gz != nullptr;
  if (ok && !bytes.empty())
    ok = gzwrite(gz, bytes.data(), static_cast<unsigned>(bytes.size())) == static_cast<int>(bytes.size());
  if (gz && gzclose(gz) != Z_OK) ok = false;
  if (!ok) {
    ADD_FAILURE() << "cannot write gzip file " << path;
    std::abort();
  }
}

std::string read_file(const std::string &path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string data_dir() {
  const char *env = std::getenv("FLEETLP_DATA_DIR");
  if (env && *env) return env;
#ifdef FLEETLP_DEFAULT_DATA_DIR
  return FLEETLP_DEFAULT_DATA_DIR;
#else
  return "../shared/data";
#endif
}

}  // namespace flptest
