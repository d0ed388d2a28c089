#include "types/trap_code.h"

namespace kiln {

std::string_view trapMessage(TrapCode code) {
  switch (code) {
#define KILN_TRAP_CODE_MESSAGE(name, message) \
  case TrapCode::name: return message;
    KILN_TRAP_CODES(KILN_TRAP_CODE_MESSAGE)
#undef KILN_TRAP_CODE_MESSAGE
  }
  return "unknown trap";
}

std::string_view toString(TrapCode code) {
  switch (code) {
#define KILN_TRAP_CODE_NAME(name, message) \
  case TrapCode::name: return #name;
    KILN_TRAP_CODES(KILN_TRAP_CODE_NAME)
#undef KILN_TRAP_CODE_NAME
  }
  return "Unknown";
}

}  // namespace kiln
