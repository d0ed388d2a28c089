// kiln.h's error objects: a kiln::Error behind an opaque pointer.
#include "objects.h"

using namespace kiln;

static_assert(KILN_ERROR_MALFORMED == uint8_t(ErrorKind::Malformed));
static_assert(KILN_ERROR_INVALID == uint8_t(ErrorKind::Invalid));
static_assert(KILN_ERROR_UNSUPPORTED == uint8_t(ErrorKind::Unsupported));
static_assert(KILN_ERROR_LINK == uint8_t(ErrorKind::Link));
static_assert(KILN_ERROR_RESOURCE == uint8_t(ErrorKind::Resource));
static_assert(KILN_ERROR_TRAP == uint8_t(ErrorKind::Trap));
static_assert(KILN_ERROR_EXCEPTION == uint8_t(ErrorKind::Exception));
static_assert(KILN_ERROR_EXIT == uint8_t(ErrorKind::Exit));
static_assert(KILN_ERROR_HOST == uint8_t(ErrorKind::Host));

namespace kiln::capi {

kiln_error_t* newError(Error error) { return new kiln_error_t{std::move(error)}; }

}  // namespace kiln::capi

void kiln_error_delete(kiln_error_t* error) { delete error; }

kiln_error_kind_t kiln_error_kind(const kiln_error_t* error) {
  return kiln_error_kind_t(error ? uint8_t(error->error.kind) : uint8_t(KILN_ERROR_HOST));
}

void kiln_error_message(const kiln_error_t* error, wasm_name_t* out) {
  if (!out) return;
  capi::newName(out, error ? error->error.toString() : std::string());
}

bool kiln_error_exit_status(const kiln_error_t* error, int* status) {
  if (!error || error->error.kind != ErrorKind::Exit) return false;
  if (status) *status = error->error.exitStatus;
  return true;
}

bool kiln_error_trap_code(const kiln_error_t* error, kiln_trap_code_t* code) {
  if (!error || !error->error.trap) return false;
  if (code) *code = kiln_trap_code_t(error->error.trap->code);
  return true;
}
