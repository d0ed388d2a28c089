// Traps, defined in the public include/kiln/trap.h.
#pragma once

#include "kiln/trap.h"
