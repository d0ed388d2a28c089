// The object behind kiln.h's kiln_wasi_config_t.
#pragma once

#include <memory>

#include "kiln.h"
#include "kiln/kiln.h"
#include "kiln/wasi.h"

struct kiln_wasi_config_t {
  kiln_wasi_config_t() = default;
  ~kiln_wasi_config_t();
  kiln_wasi_config_t(const kiln_wasi_config_t&) = delete;
  kiln_wasi_config_t& operator=(const kiln_wasi_config_t&) = delete;

  kiln::WasiConfig config;
  /// Host files opened for the guest's stdin, stdout and stderr; -1: the
  /// host's own descriptor.
  int stdio[3] = {-1, -1, -1};
};

namespace kiln::capi {

/// The WASI state for `config`; a Resource error names a preopen that
/// cannot be opened.
Expected<Wasi, Error> newWasi(const kiln_wasi_config_t& config);

}  // namespace kiln::capi
