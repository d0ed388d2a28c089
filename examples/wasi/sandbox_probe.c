// Probes the WASI capability sandbox from inside a guest, calling
// wasi_snapshot_preview1 directly (not through libc's path handling) and
// printing what each attempt returned. Run it with two preopened
// directories, fd 3 holding file.txt and sub/, fd 4 empty, and a file
// outside.txt next to fd 3's directory on the host.
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

static const char* errnoName(__wasi_errno_t e) {
  switch (e) {
    case __WASI_ERRNO_SUCCESS: return "ok";
    case __WASI_ERRNO_BADF: return "EBADF";
    case __WASI_ERRNO_EXIST: return "EEXIST";
    case __WASI_ERRNO_INVAL: return "EINVAL";
    case __WASI_ERRNO_ISDIR: return "EISDIR";
    case __WASI_ERRNO_LOOP: return "ELOOP";
    case __WASI_ERRNO_NOENT: return "ENOENT";
    case __WASI_ERRNO_NOTDIR: return "ENOTDIR";
    case __WASI_ERRNO_NOTCAPABLE: return "ENOTCAPABLE";
    case __WASI_ERRNO_PERM: return "EPERM";
    case __WASI_ERRNO_XDEV: return "EXDEV";
    default: return "other";
  }
}

static const __wasi_rights_t kReadRights = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK;
static const __wasi_rights_t kAllRights = ~(__wasi_rights_t)0 >> 34;  // bits 0..29

static __wasi_errno_t openFile(const char* path, __wasi_lookupflags_t lookup,
                               __wasi_oflags_t oflags, __wasi_rights_t rights,
                               __wasi_fd_t* fd) {
  return __wasi_path_open(3, lookup, path, oflags, rights, 0, 0, fd);
}

static void report(const char* what, __wasi_errno_t e) { printf("%s: %s\n", what, errnoName(e)); }

// Opens `path` for reading and reports the result (and closes it).
static void probeOpen(const char* what, const char* path, __wasi_lookupflags_t lookup) {
  __wasi_fd_t fd;
  __wasi_errno_t e = openFile(path, lookup, 0, kReadRights, &fd);
  report(what, e);
  if (e == __WASI_ERRNO_SUCCESS) (void)__wasi_fd_close(fd);
}

int main(void) {
  const __wasi_lookupflags_t follow = __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW;
  probeOpen("open file.txt", "file.txt", follow);
  probeOpen("open ../outside.txt", "../outside.txt", follow);
  probeOpen("open sub/../../outside.txt", "sub/../../outside.txt", follow);
  probeOpen("open sub/../file.txt", "sub/../file.txt", follow);
  probeOpen("open /etc/passwd", "/etc/passwd", follow);
  probeOpen("open /", "/", follow);

  report("symlink link_out -> ../outside.txt", __wasi_path_symlink("../outside.txt", 3, "link_out"));
  probeOpen("open link_out (follow)", "link_out", follow);
  probeOpen("open link_out (nofollow)", "link_out", 0);
  report("symlink link_abs -> /etc/passwd", __wasi_path_symlink("/etc/passwd", 3, "link_abs"));
  probeOpen("open link_abs (follow)", "link_abs", follow);
  report("symlink sub/link_in -> ../file.txt", __wasi_path_symlink("../file.txt", 3, "sub/link_in"));
  probeOpen("open sub/link_in (follow)", "sub/link_in", follow);
  probeOpen("open sub/link_in (nofollow)", "sub/link_in", 0);
  probeOpen("open link_out/x (through link)", "link_out/x", 0);

  __wasi_fd_t fd;
  const __wasi_oflags_t createExcl = __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL;
  __wasi_errno_t e = openFile("new.txt", 0, createExcl, kAllRights, &fd);
  report("create new.txt exclusively", e);
  if (e == __WASI_ERRNO_SUCCESS) (void)__wasi_fd_close(fd);
  report("create new.txt exclusively again", openFile("new.txt", 0, createExcl, kAllRights, &fd));

  e = openFile(".", 0, __WASI_OFLAGS_DIRECTORY, kAllRights, &fd);
  report("open . as directory", e);
  if (e == __WASI_ERRNO_SUCCESS) {
    char buffer[16];
    __wasi_iovec_t iov = {(uint8_t*)buffer, sizeof buffer};
    __wasi_size_t n;
    report("fd_read on a directory", __wasi_fd_read(fd, &iov, 1, &n));
    (void)__wasi_fd_close(fd);
  }
  report("open file.txt as directory",
         openFile("file.txt", 0, __WASI_OFLAGS_DIRECTORY, kReadRights, &fd));

  e = openFile("file.txt", 0, 0, kReadRights, &fd);
  if (e == __WASI_ERRNO_SUCCESS) {
    __wasi_ciovec_t iov = {(const uint8_t*)"x", 1};
    __wasi_size_t n;
    report("fd_write on a read-only descriptor", __wasi_fd_write(fd, &iov, 1, &n));
    report("gain rights with fd_fdstat_set_rights",
           __wasi_fd_fdstat_set_rights(fd, kAllRights, 0));
    (void)__wasi_fd_close(fd);
  }

  report("rename new.txt to other/moved.txt", __wasi_path_rename(3, "new.txt", 4, "moved.txt"));
  report("rename ../outside.txt in", __wasi_path_rename(3, "../outside.txt", 4, "stolen.txt"));
  report("mkdir ../escape", __wasi_path_create_directory(3, "../escape"));
  report("unlink ../outside.txt", __wasi_path_unlink_file(3, "../outside.txt"));
  report("open through fd 9 (not open)", __wasi_path_open(9, 0, "file.txt", 0, kReadRights, 0, 0, &fd));

  __wasi_prestat_t prestat;
  for (__wasi_fd_t pre = 3; __wasi_fd_prestat_get(pre, &prestat) == __WASI_ERRNO_SUCCESS; ++pre) {
    char name[64] = {0};
    if (prestat.u.dir.pr_name_len < sizeof name &&
        __wasi_fd_prestat_dir_name(pre, (uint8_t*)name, prestat.u.dir.pr_name_len) == 0) {
      printf("preopen %u: %s\n", (unsigned)pre, name);
    }
  }
  return 0;
}
