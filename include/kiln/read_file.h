// Reading module files and scripts whole, with a bound on how much is read.
#pragma once

#include "kiln/api.h"

#include <cstdint>
#include <string>
#include <vector>

#include "kiln/error.h"
#include "kiln/expected.h"

namespace kiln {

/// The contents of the file at `path`, read in bounded chunks and never
/// more than `maxBytes + 1` bytes: a result longer than `maxBytes` tells the
/// caller the file is over its limit without reading an endless stream
/// (/dev/zero, a pipe) until memory runs out. A file that cannot be opened
/// or read, or memory running out, is a Resource error, "cannot read:
/// <reason>". Streams are read to their end: no size from stat is trusted.
KILN_API Expected<std::vector<uint8_t>, Error> readFile(const std::string& path, uint64_t maxBytes);

}  // namespace kiln
