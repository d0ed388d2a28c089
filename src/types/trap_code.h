// Trap codes, defined in the public include/kiln/trap_code.h.
#pragma once

#include "kiln/trap_code.h"
