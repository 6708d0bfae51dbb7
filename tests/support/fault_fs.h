// Places where writing fails, for the fault-injection tests: a small tmpfs
// that a test fills (a full disk) or remounts read-only (root ignores
// permissions, so mode 0555 would not stop it). Mounting needs root (or
// CAP_SYS_ADMIN); without it the tests that need a mount skip, saying so.
#ifndef FLEETLP_TESTS_FAULT_FS_H
#define FLEETLP_TESTS_FAULT_FS_H

#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

namespace flptest {

// A tmpfs of `kib` KiB at dir (created), unmounted when the object goes.
class Tmpfs {
 public:
  Tmpfs(const std::string &dir, int kib) : dir_(dir) {
    mkdir(dir.c_str(), 0777);
    const std::string opts = "size=" + std::to_string(kib) + "k";
    mounted_ = mount("tmpfs", dir.c_str(), "tmpfs", 0, opts.c_str()) == 0;
    if (!mounted_) why_ = std::strerror(errno);
  }
  ~Tmpfs() {
    if (mounted_) umount2(dir_.c_str(), MNT_DETACH);
  }
  Tmpfs(const Tmpfs &) = delete;
  Tmpfs &operator=(const Tmpfs &) = delete;

  bool ok() const { return mounted_; }
  const std::string &why() const { return why_; }

  // Remounts it read-only; what was written stays readable.
  bool make_read_only() {
    return mounted_ && mount("tmpfs", dir_.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0;
  }

  unsigned long long free_bytes() const {
    struct statvfs st;
    if (statvfs(dir_.c_str(), &st) != 0) return 0;
    return (unsigned long long)st.f_bavail * st.f_frsize;
  }

  // Grows dir/filler until at most `leave` bytes are free.
  void fill(unsigned long long leave) {
    std::ofstream f(dir_ + "/filler", std::ios::binary | std::ios::app);
    const std::string page(4096, 'x');
    while (free_bytes() > leave && f) {
      f.write(page.data(), (std::streamsize)page.size());
      f.flush();
    }
  }

 private:
  std::string dir_, why_;
  bool mounted_ = false;
};

}  // namespace flptest

#endif
