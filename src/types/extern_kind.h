// Extern kinds, defined in the public include/kiln/extern_kind.h.
#pragma once

#include "kiln/extern_kind.h"
