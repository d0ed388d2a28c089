#include "types/trap.h"

namespace kiln {

Trap Trap::fromCode(TrapCode code) { return Trap{code, std::string(trapMessage(code)), {}}; }

}  // namespace kiln
