// kiln.h's linker: a kiln::Linker bound to one store, defining what C hosts
// make (host functions, externs, instances, WASI) and instantiating modules.
#include "objects.h"
#include "wasi_config.h"

using namespace kiln;
using namespace kiln::capi;

struct kiln_linker_t {
  std::shared_ptr<StoreData> store;
  Linker linker;
};

namespace {

kiln_error_t* linkError(std::string message) {
  return newError(Error(ErrorKind::Link, std::move(message)));
}

}  // namespace

kiln_linker_t* kiln_linker_new(wasm_store_t* store) {
  if (!store) return nullptr;
  return new kiln_linker_t{store->data, {}};
}

void kiln_linker_delete(kiln_linker_t* linker) { delete linker; }

kiln_error_t* kiln_linker_define(kiln_linker_t* linker, const char* module, const char* name,
                                 const wasm_extern_t* item) {
  const Object* o = object(item);
  if (!linker || !module || !name || !o || !o->isExtern()) {
    return linkError("kiln_linker_define: a null linker, name or extern");
  }
  if (o->store != linker->store) {
    return linkError(std::string("kiln_linker_define: ") + module + "." + name +
                     " is of another store");
  }
  linker->linker.define(module, name, *o->entity);
  return nullptr;
}

kiln_error_t* kiln_linker_define_func(kiln_linker_t* linker, const char* module,
                                      const char* name, const wasm_functype_t* type,
                                      wasm_func_callback_with_env_t callback, void* env,
                                      void (*finalizer)(void*)) {
  if (!linker) {
    if (finalizer) finalizer(env);
    return linkError("kiln_linker_define_func: a null linker");
  }
  // The function as wasm_func_new_with_env makes it, in the linker's store.
  wasm_store_t store{linker->store};
  wasm_func_t* func = wasm_func_new_with_env(&store, type, callback, env, finalizer);
  if (!func) return linkError("kiln_linker_define_func: a null or unknown type or callback");
  kiln_error_t* error = kiln_linker_define(linker, module, name, wasm_func_as_extern_const(func));
  wasm_func_delete(func);
  return error;
}

kiln_error_t* kiln_linker_define_instance(kiln_linker_t* linker, const char* module,
                                          const wasm_instance_t* instance) {
  const Object* o = objectOf(instance, Kind::Instance);
  if (!linker || !module || !o) {
    return linkError("kiln_linker_define_instance: a null linker, name or instance");
  }
  if (o->store != linker->store) {
    return linkError(std::string("kiln_linker_define_instance: ") + module +
                     " is an instance of another store");
  }
  linker->linker.defineInstance(module, *o->instance);
  return nullptr;
}

kiln_error_t* kiln_linker_define_module(kiln_linker_t* linker, const char* name,
                                        const wasm_module_t* module) {
  if (!name) return linkError("kiln_linker_define_module: a null name");
  wasm_instance_t* instance = nullptr;
  if (kiln_error_t* error = kiln_linker_instantiate(linker, module, &instance)) return error;
  kiln_error_t* error = kiln_linker_define_instance(linker, name, instance);
  wasm_instance_delete(instance);
  return error;
}

kiln_error_t* kiln_linker_define_wasi(kiln_linker_t* linker, kiln_wasi_config_t* config) {
  std::unique_ptr<kiln_wasi_config_t> owned(config);
  if (!linker || !config) return linkError("kiln_linker_define_wasi: a null linker or config");
  Expected<Wasi, Error> wasi = newWasi(*config);
  if (!wasi) return newError(wasi.error());
  wasi->define(linker->linker, *linker->store->store);
  return nullptr;
}

kiln_error_t* kiln_linker_instantiate(const kiln_linker_t* linker, const wasm_module_t* module,
                                      wasm_instance_t** instance) {
  if (instance) *instance = nullptr;
  const Object* m = objectOf(module, Kind::Module);
  if (!linker || !m || !instance) {
    return linkError("kiln_linker_instantiate: a null linker, module or instance pointer");
  }
  Expected<Instance, Error> made = linker->linker.instantiate(*linker->store->store, *m->module);
  if (!made) return newError(made.error());
  *instance = as<wasm_instance_t>(newInstance(linker->store, *made));
  return nullptr;
}
