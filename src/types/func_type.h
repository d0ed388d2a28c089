// Function types, defined in the public include/kiln/func_type.h.
#pragma once

#include "kiln/func_type.h"
#include "types/value_type.h"
