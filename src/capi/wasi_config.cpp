// kiln.h's WASI configuration: a kiln::WasiConfig and the host files opened
// for the guest's stdio, used by kiln_linker_define_wasi.
#include <fcntl.h>
#include <unistd.h>

#include "objects.h"
#include "wasi_config.h"

using namespace kiln;

kiln_wasi_config_t::~kiln_wasi_config_t() {
  for (int fd : stdio) {
    if (fd >= 0) close(fd);
  }
}

namespace {

/// Replaces the host file behind guest descriptor `guestFd` (0, 1 or 2).
bool redirect(kiln_wasi_config_t* config, int guestFd, const char* path, int flags) {
  if (!config || !path) return false;
  int fd = open(path, flags | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  if (config->stdio[guestFd] >= 0) close(config->stdio[guestFd]);
  config->stdio[guestFd] = fd;
  return true;
}

}  // namespace

kiln_wasi_config_t* kiln_wasi_config_new(void) { return new kiln_wasi_config_t; }

void kiln_wasi_config_delete(kiln_wasi_config_t* config) { delete config; }

void kiln_wasi_config_arg(kiln_wasi_config_t* config, const char* arg) {
  if (config && arg) config->config.args.emplace_back(arg);
}

void kiln_wasi_config_env(kiln_wasi_config_t* config, const char* name, const char* value) {
  if (config && name && value) config->config.env.emplace_back(name, value);
}

void kiln_wasi_config_preopen_dir(kiln_wasi_config_t* config, const char* hostPath,
                                  const char* guestPath) {
  if (config && hostPath && guestPath) config->config.preopens.push_back({hostPath, guestPath});
}

bool kiln_wasi_config_stdin_file(kiln_wasi_config_t* config, const char* path) {
  return redirect(config, 0, path, O_RDONLY);
}

bool kiln_wasi_config_stdout_file(kiln_wasi_config_t* config, const char* path) {
  return redirect(config, 1, path, O_WRONLY | O_CREAT | O_TRUNC);
}

bool kiln_wasi_config_stderr_file(kiln_wasi_config_t* config, const char* path) {
  return redirect(config, 2, path, O_WRONLY | O_CREAT | O_TRUNC);
}

void kiln_wasi_config_inherit_stdio(kiln_wasi_config_t* config) {
  if (!config) return;
  for (int& fd : config->stdio) {
    if (fd >= 0) close(fd);
    fd = -1;
  }
}

namespace kiln::capi {

Expected<Wasi, Error> newWasi(const kiln_wasi_config_t& config) {
  WasiConfig wasi = config.config;
  // Wasi duplicates the descriptors: the files opened here stay ours.
  if (config.stdio[0] >= 0) wasi.stdinFd = config.stdio[0];
  if (config.stdio[1] >= 0) wasi.stdoutFd = config.stdio[1];
  if (config.stdio[2] >= 0) wasi.stderrFd = config.stdio[2];
  return Wasi::create(wasi);
}

}  // namespace kiln::capi
