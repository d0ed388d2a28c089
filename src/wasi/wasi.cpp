// kiln::Wasi, the public handle on a WasiContext.
#include "kiln/wasi.h"

#include "wasi/wasi.h"

namespace kiln {

Expected<Wasi, Error> Wasi::create(const WasiConfig& config) {
  Expected<std::unique_ptr<WasiContext>, std::string> context = WasiContext::create(config);
  if (!context) return Unexpected{Error(ErrorKind::Resource, context.error())};
  return Wasi(std::shared_ptr<WasiContext>(std::move(*context)));
}

void Wasi::define(Linker& linker, Store& store) const { defineWasi(linker, store, context_); }

std::optional<int> Wasi::exitStatus(const Expected<std::vector<Val>, Error>& result) {
  if (result) return 0;
  if (result.error().kind == ErrorKind::Exit) return result.error().exitStatus;
  return std::nullopt;
}

}  // namespace kiln
