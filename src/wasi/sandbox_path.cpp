#include "wasi/sandbox_path.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <string_view>
#include <deque>
#include <optional>
#include <string>
#include <span>
#include <vector>

#include "kiln/utf8.h"
#include "wasi/host_errno.h"

namespace kiln::wasi {

namespace {

/// Linux's limit on symlinks followed in one lookup; the walk uses it too.
constexpr int kMaxSymlinks = 40;

/// KILN_WASI_FORCE_PATH_WALK=1 resolves every path with the walk, as on a
/// kernel without openat2, so that the test suites can run both strategies.
bool forcePathWalk = [] {
  const char* value = std::getenv("KILN_WASI_FORCE_PATH_WALK");
  return value && std::string_view(value) == "1";
}();

/// Errors from resolution: escaping the directory is a capability error.
Unexpected<Errno> resolutionError(int error) {
  return Unexpected{error == EXDEV ? Errno::NotCapable : errnoFromHost(error)};
}

/// openat2 with RESOLVE_BENEATH; nothing when the kernel lacks openat2.
std::optional<Expected<UniqueFd, Errno>> openWithOpenat2(int dirFd, const std::string& path,
                                                         int flags, mode_t mode) {
  open_how how{};
  how.flags = uint64_t(flags);
  how.mode = (flags & O_CREAT) ? mode : 0;  // openat2 refuses a mode it would not use
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  for (;;) {
    long fd = syscall(SYS_openat2, dirFd, path.c_str(), &how, sizeof how);
    if (fd >= 0) return Expected<UniqueFd, Errno>(UniqueFd(int(fd)));
    // EAGAIN: a concurrent rename made the kernel unsure ".." stayed
    // beneath; it asks for a retry.
    if (errno == EINTR || errno == EAGAIN) continue;
    if (errno == ENOSYS || errno == EPERM) return std::nullopt;  // EPERM: seccomp filters
    return Expected<UniqueFd, Errno>(resolutionError(errno));
  }
}

/// Marks a component that must name a directory: it was followed by '/'
/// ("file/", "dir//x"), which the kernel resolves as a directory lookup
/// (ENOTDIR on a file). Component names cannot contain '/'.
constexpr char kDirectoryMark = '/';

/// Splits a path into its components, dropping empty ones but marking the
/// component before them as one that must be a directory; `mustBeDirectory`
/// marks the last one too (a symlink that was itself so marked). "." stays
/// a component: in "file/." the name "file" is not the last one, as it is
/// in "file/", and the kernel answers the two differently when creating
/// (ENOTDIR on a file, EISDIR for any trailing slash).
void pushComponents(std::string_view path, std::deque<std::string>& out, bool atFront,
                    bool mustBeDirectory = false) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (!part.empty()) {
      parts.emplace_back(part);
    } else if (!parts.empty() && parts.back().back() != kDirectoryMark) {
      parts.back() += kDirectoryMark;
    }
    start = end + 1;
  }
  if (mustBeDirectory && !parts.empty() && parts.back().back() != kDirectoryMark) {
    parts.back() += kDirectoryMark;
  }
  if (atFront) {
    out.insert(out.begin(), parts.begin(), parts.end());
  } else {
    out.insert(out.end(), parts.begin(), parts.end());
  }
}

/// The target of the symlink `linkFd` (opened with O_PATH | O_NOFOLLOW):
/// read through the descriptor, not by name, so that a rename in between
/// cannot put another entry there.
Expected<std::string, Errno> readSymlink(int linkFd) {
  std::string target(PATH_MAX, '\0');
  ssize_t length = readlinkat(linkFd, "", target.data(), target.size());
  if (length < 0) return Unexpected{lastHostErrno()};
  target.resize(size_t(length));
  return target;
}

/// Opens again, with `flags`, the very file that the O_PATH descriptor
/// `entry` holds, through its /proc/self/fd link: what its name points to
/// now does not matter. Nothing when /proc is not mounted.
std::optional<Expected<UniqueFd, Errno>> reopenThroughProc(int entry, int flags, mode_t mode) {
  std::string link = "/proc/self/fd/";
  link += std::to_string(entry);
  // The link is one to follow; the file exists, so there is nothing to create.
  int fd = open(link.c_str(), flags & ~(O_NOFOLLOW | O_CREAT | O_EXCL), mode);
  if (fd >= 0) return Expected<UniqueFd, Errno>(UniqueFd(fd));
  if (errno == ENOENT && access("/proc/self/fd", F_OK) != 0) return std::nullopt;
  return Expected<UniqueFd, Errno>(resolutionError(errno));
}

/// The fallback resolution: one component at a time, every step opened
/// relative to a descriptor we hold and with O_NOFOLLOW, so a concurrent
/// rename cannot redirect it. `..` pops back to a held descriptor instead of
/// asking the file system, and may not go above the start.
Expected<UniqueFd, Errno> openByWalking(int dirFd, std::string_view path, int flags, mode_t mode,
                                        bool followFinal) {
  if (!path.empty() && path.front() == '/') return Unexpected{Errno::NotCapable};
  // O_CREAT | O_EXCL never follows a final symlink: the link exists (EEXIST).
  if ((flags & O_CREAT) && (flags & O_EXCL)) followFinal = false;
  std::deque<std::string> components;
  pushComponents(path, components, false);
  std::vector<UniqueFd> stack;  // directories entered below dirFd
  auto current = [&] { return stack.empty() ? dirFd : stack.back().get(); };
  int symlinksFollowed = 0;
  auto followSymlink = [&](int linkFd, bool mustBeDirectory) -> Errno {
    if (++symlinksFollowed > kMaxSymlinks) return Errno::Loop;
    auto target = readSymlink(linkFd);
    if (!target) return target.error();
    if (target->empty()) return Errno::NoEnt;
    if (target->front() == '/') return Errno::NotCapable;
    pushComponents(*target, components, true, mustBeDirectory);
    return Errno::Success;
  };

  while (!components.empty()) {
    std::string name = std::move(components.front());
    components.pop_front();
    bool last = components.empty();
    bool mustBeDirectory = name.back() == kDirectoryMark;
    if (mustBeDirectory) name.pop_back();
    if (name == ".") continue;
    if (name == "..") {
      if (stack.empty()) return Unexpected{Errno::NotCapable};
      stack.pop_back();
      continue;
    }
    // Creating through a name that must be a directory is EISDIR in the
    // kernel's lookup, before it looks at the name.
    if (last && mustBeDirectory && (flags & O_CREAT)) return Unexpected{Errno::IsDir};
    // A name that must be a directory is followed even at the end, as the
    // kernel does for "link/".
    if (!last || followFinal || mustBeDirectory) {
      // Look at what the name is without following it.
      int fd = openat(current(), name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC);
      if (fd >= 0) {
        UniqueFd entry(fd);
        struct stat info;
        if (fstat(entry.get(), &info) != 0) return Unexpected{lastHostErrno()};
        if (S_ISLNK(info.st_mode)) {
          if (Errno e = followSymlink(entry.get(), mustBeDirectory); e != Errno::Success) {
            return Unexpected{e};
          }
          continue;
        }
        if (!S_ISDIR(info.st_mode) && (!last || mustBeDirectory)) {
          return Unexpected{Errno::NotDir};
        }
        if (!last) {
          stack.push_back(std::move(entry));
          continue;
        }
        // The kernel's open refuses to create over an existing directory.
        if ((flags & O_CREAT) && S_ISDIR(info.st_mode)) return Unexpected{Errno::IsDir};
        // Opening the name again could find a symlink swapped in meanwhile;
        // opening the entry itself cannot.
        if (auto reopened = reopenThroughProc(entry.get(), flags, mode)) return std::move(*reopened);
      } else if (!last || errno != ENOENT) {  // a missing last name may be created below
        return resolutionError(errno);
      }
    }
    // The final component, opened by name with O_NOFOLLOW: a symlink there
    // (when not following) fails with ELOOP rather than being traversed.
    int finalFlags = flags | O_NOFOLLOW | (mustBeDirectory ? O_DIRECTORY : 0);
    int fd = openat(current(), name.c_str(), finalFlags, mode);
    if (fd < 0 && errno == ELOOP && (followFinal || mustBeDirectory) &&
        ++symlinksFollowed <= kMaxSymlinks) {
      // The name was no symlink when looked at above, and is one now: it
      // was swapped meanwhile. Look again, as one atomic lookup would have.
      components.push_front(mustBeDirectory ? name + kDirectoryMark : name);
      continue;
    }
    if (fd < 0) return resolutionError(errno);
    return UniqueFd(fd);
  }
  // The path ended at a directory we hold (".", "a/.", "a/.."). Creating it
  // fails as the kernel's open does on an existing directory.
  if (flags & O_CREAT) return Unexpected{(flags & O_EXCL) ? Errno::Exist : Errno::IsDir};
  int fd = openat(current(), ".", flags & ~O_NOFOLLOW, mode);
  if (fd < 0) return resolutionError(errno);
  return UniqueFd(fd);
}

}  // namespace

Expected<UniqueFd, Errno> openBeneath(int dirFd, std::string_view path, int flags, mode_t mode,
                                      bool followFinal) {
  // openat2 rejects flags that make no sense with O_PATH (EINVAL), O_NOCTTY
  // among them.
  flags |= O_CLOEXEC | ((flags & O_PATH) ? 0 : O_NOCTTY);
  if (!followFinal) flags |= O_NOFOLLOW;
  if (!forcePathWalk) {
    if (auto result = openWithOpenat2(dirFd, std::string(path), flags, mode)) {
      return std::move(*result);
    }
  }
  return openByWalking(dirFd, path, flags & ~O_NOFOLLOW, mode, followFinal);
}

Expected<ParentAndName, Errno> openParent(int dirFd, std::string_view path) {
  ParentAndName result;
  while (path.size() > 1 && path.back() == '/') {
    path.remove_suffix(1);
    result.trailingSlash = true;
  }
  size_t slash = path.rfind('/');
  std::string_view parent = slash == std::string_view::npos ? "." : path.substr(0, slash + 1);
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (name.empty() || name == "." || name == "..") {
    // The path names a directory itself ("/", ".", "a/.."): open all of it.
    parent = path;
    name = ".";
  }
  auto dir = openBeneath(dirFd, parent, O_PATH | O_DIRECTORY, 0, true);
  if (!dir) return Unexpected{dir.error()};
  result.dir = std::move(*dir);
  result.name = std::string(name);
  return result;
}

std::optional<DirectoryAndName> splitFinalName(std::string_view path) {
  size_t slash = path.rfind('/');
  size_t nameStart = slash == std::string_view::npos ? 0 : slash + 1;
  std::string_view name = path.substr(nameStart);
  if (name.empty() || name == "." || name == "..") return std::nullopt;
  return DirectoryAndName{path.substr(0, nameStart), name};
}

Errno checkGuestPath(std::string_view path) {
  if (path.empty()) return Errno::NoEnt;
  if (path.find('\0') != std::string_view::npos) return Errno::Inval;
  auto bytes = std::span(reinterpret_cast<const uint8_t*>(path.data()), path.size());
  if (!isValidUtf8(bytes)) return Errno::Ilseq;
  return Errno::Success;
}

void setForcePathWalk(bool force) { forcePathWalk = force; }

}  // namespace kiln::wasi
