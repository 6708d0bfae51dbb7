// Scratch folders and files for tests that read and write model files.
#ifndef FLEETLP_TESTS_TEMP_FILES_H
#define FLEETLP_TESTS_TEMP_FILES_H

#include <string>

namespace flptest {

// A fresh folder under the test temp dir (mkdtemp), removed with its contents
// when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  const std::string &path() const { return path_; }
  // path()/name
  std::string file(const std::string &name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Writes bytes to path as they are (binary); aborts the test run on failure.
void write_file(const std::string &path, const std::string &bytes);
// Writes bytes gzip-compressed through zlib's gzopen.
void write_gzip(const std::string &path, const std::string &bytes);
// The whole file as bytes.
std::string read_file(const std::string &path);

// The shared test data folder: $FLEETLP_DATA_DIR, else FLEETLP_DEFAULT_DATA_DIR.
std::string data_dir();

}  // namespace flptest

#endif
