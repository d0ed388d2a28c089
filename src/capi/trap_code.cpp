// kiln.h's trap codes: KILN_TRAP_* is kiln::TrapCode value for value. The
// pairs below are checked against the one trap code list (kiln/trap_code.h):
// a code added there without its constant here stops the build.
#include <array>
#include <utility>

#include "objects.h"

using namespace kiln;
using namespace kiln::capi;

namespace {

constexpr std::pair<TrapCode, int> kTrapCodes[] = {
    {TrapCode::StackOverflow, KILN_TRAP_STACK_OVERFLOW},
    {TrapCode::HeapAccessOutOfBounds, KILN_TRAP_HEAP_ACCESS_OUT_OF_BOUNDS},
    {TrapCode::HeapMisaligned, KILN_TRAP_HEAP_MISALIGNED},
    {TrapCode::TableAccessOutOfBounds, KILN_TRAP_TABLE_ACCESS_OUT_OF_BOUNDS},
    {TrapCode::IndirectCallToNull, KILN_TRAP_INDIRECT_CALL_TO_NULL},
    {TrapCode::BadSignature, KILN_TRAP_BAD_SIGNATURE},
    {TrapCode::IntegerOverflow, KILN_TRAP_INTEGER_OVERFLOW},
    {TrapCode::IntegerDivisionByZero, KILN_TRAP_INTEGER_DIVISION_BY_ZERO},
    {TrapCode::BadConversionToInteger, KILN_TRAP_BAD_CONVERSION_TO_INTEGER},
    {TrapCode::Unreachable, KILN_TRAP_UNREACHABLE},
    {TrapCode::Interrupt, KILN_TRAP_INTERRUPT},
    {TrapCode::OutOfFuel, KILN_TRAP_OUT_OF_FUEL},
    {TrapCode::NullFunctionReference, KILN_TRAP_NULL_FUNCTION_REFERENCE},
    {TrapCode::NullReference, KILN_TRAP_NULL_REFERENCE},
    {TrapCode::NullExceptionReference, KILN_TRAP_NULL_EXCEPTION_REFERENCE},
    {TrapCode::ExpectedSharedMemory, KILN_TRAP_EXPECTED_SHARED_MEMORY},
    {TrapCode::CompileFailed, KILN_TRAP_COMPILE_FAILED},
};

constexpr bool trapCodesMatch() {
  for (uint32_t i = 0; i < std::size(kTrapCodes); ++i) {
    if (uint32_t(kTrapCodes[i].first) != i || uint32_t(kTrapCodes[i].second) != i) return false;
  }
  return true;
}

static_assert(std::size(kTrapCodes) == kTrapCodeCount && KILN_TRAP_CODE_COUNT == kTrapCodeCount,
              "every TrapCode needs its KILN_TRAP_* constant in kiln.h, and only those");
static_assert(trapCodesMatch(), "KILN_TRAP_* and TrapCode list the codes in the same order");

}  // namespace

bool kiln_trap_code(const wasm_trap_t* trap, kiln_trap_code_t* code) {
  const Object* o = objectOf(trap, Kind::Trap);
  if (!o || !o->code) return false;
  if (code) *code = kiln_trap_code_t(*o->code);
  return true;
}

bool kiln_trap_exit_status(const wasm_trap_t* trap, int* status) {
  const Object* o = objectOf(trap, Kind::Trap);
  if (!o || !o->exitStatus) return false;
  if (status) *status = *o->exitStatus;
  return true;
}
