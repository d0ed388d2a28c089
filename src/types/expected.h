// Expected and Unexpected, defined in the public include/kiln/expected.h.
#pragma once

#include "kiln/expected.h"
