// kiln.h's fuel and interruption of a store's running code.
#include "objects.h"

bool kiln_store_set_fuel(wasm_store_t* store, uint64_t fuel) {
  return store && store->data->store->setFuel(fuel);
}

bool kiln_store_fuel(const wasm_store_t* store, uint64_t* fuel) {
  if (!store) return false;
  std::optional<uint64_t> left = store->data->store->fuel();
  if (!left) return false;
  if (fuel) *fuel = *left;
  return true;
}

void kiln_store_interrupt(wasm_store_t* store) {
  if (store) store->data->store->interrupt();
}
