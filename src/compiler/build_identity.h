// Which build of Kiln this is, so that compiled code is only ever run by the
// build that made it (.kwasm files, the compiled-code cache).
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace kiln {

struct BuildIdentity {
  /// A hash of the GNU build-id of the binary Kiln is linked into (or, when
  /// it has none, of that binary's bytes) and of Kiln's version: two
  /// builds differ here even when their version strings are equal.
  std::array<uint8_t, 16> id{};
  /// Kiln's version ("0.1.0"), for messages.
  std::string version;
};

/// This process's Kiln build, computed once.
const BuildIdentity& buildIdentity();

}  // namespace kiln
