// Modules (new, validate, imports, exports, serialize and deserialize in
// the .kwasm format, share, obtain) and instances.
#include <cstring>

#include "objects.h"

using namespace kiln;
using namespace kiln::capi;

// The C API has no tag kind: tags are left out of a module's imports and
// exports, and of an instance's exports, consistently.
static std::vector<ImportType> importsOf(const Module& module) {
  std::vector<ImportType> imports = module.imports();
  std::erase_if(imports, [](const ImportType& i) { return i.type.kind == ExternKind::Tag; });
  return imports;
}

static Object* newModule(Module module) {
  auto* o = new Object;
  o->kind = Kind::Module;
  o->module = std::move(module);
  o->shared = std::make_shared<Shared>();
  return o;
}

wasm_module_t* wasm_module_new(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  if (!store || !binary || (!binary->data && binary->size)) return nullptr;
  auto* bytes = reinterpret_cast<const uint8_t*>(binary->data);
  Expected<Module, Error> module = Module::fromBytes(store->data->store->engine(),
                                                     std::vector<uint8_t>(bytes, bytes + binary->size));
  if (!module) return nullptr;
  return as<wasm_module_t>(newModule(std::move(*module)));
}

bool wasm_module_validate(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  if (!store || !binary || (!binary->data && binary->size)) return false;
  auto* bytes = reinterpret_cast<const uint8_t*>(binary->data);
  return !Module::validate(store->data->store->engine(), {bytes, binary->size});
}

void wasm_module_imports(const wasm_module_t* module, wasm_importtype_vec_t* out) {
  const Object* o = objectOf(module, Kind::Module);
  std::vector<ImportType> imports = o ? importsOf(*o->module) : std::vector<ImportType>{};
  if (!vecAlloc(out, imports.size())) return;
  for (size_t i = 0; i < imports.size(); ++i) {
    wasm_name_t moduleName, name;
    newName(&moduleName, imports[i].module);
    newName(&name, imports[i].name);
    out->data[i] = wasm_importtype_new(&moduleName, &name, newExternType(imports[i].type));
  }
}

void wasm_module_exports(const wasm_module_t* module, wasm_exporttype_vec_t* out) {
  const Object* o = objectOf(module, Kind::Module);
  std::vector<ExportType> exports = o ? o->module->exports() : std::vector<ExportType>{};
  std::erase_if(exports, [](const ExportType& e) { return e.type.kind == ExternKind::Tag; });
  if (!vecAlloc(out, exports.size())) return;
  for (size_t i = 0; i < exports.size(); ++i) {
    wasm_name_t name;
    newName(&name, exports[i].name);
    out->data[i] = wasm_exporttype_new(&name, newExternType(exports[i].type));
  }
}

// The .kwasm format (Module::serialize). A module that cannot be
// serialized gives an empty vector.
void wasm_module_serialize(const wasm_module_t* module, wasm_byte_vec_t* out) {
  const Object* o = objectOf(module, Kind::Module);
  auto image = o ? o->module->serialize() : Expected<std::vector<uint8_t>, Error>(
                                                Unexpected{Error(ErrorKind::Link, "no module")});
  if (!image || !vecAlloc(out, image->size())) {
    vecAlloc(out, 0);
    return;
  }
  if (!image->empty()) std::memcpy(out->data, image->data(), image->size());
}

wasm_module_t* wasm_module_deserialize(wasm_store_t* store, const wasm_byte_vec_t* bytes) {
  if (!store || !bytes || (!bytes->data && bytes->size)) return nullptr;
  auto* data = reinterpret_cast<const uint8_t*>(bytes->data);
  Expected<Module, Error> module =
      Module::deserialize(store->data->store->engine(), {data, bytes->size});
  if (!module) return nullptr;
  return as<wasm_module_t>(newModule(std::move(*module)));
}

kiln_error_t* kiln_module_serialize_file(const wasm_module_t* module, const char* path) {
  const Object* o = objectOf(module, Kind::Module);
  if (!o || !path) return newError(Error(ErrorKind::Link, "no module or no path"));
  if (std::optional<Error> error = o->module->serializeToFile(path)) return newError(std::move(*error));
  return nullptr;
}

kiln_error_t* kiln_module_deserialize_file(wasm_store_t* store, const char* path,
                                           wasm_module_t** out) {
  if (out) *out = nullptr;
  if (!store || !path || !out) return newError(Error(ErrorKind::Link, "no store, path or result"));
  Expected<Module, Error> module = Module::deserializeFile(store->data->store->engine(), path);
  if (!module) return newError(std::move(module.error()));
  *out = as<wasm_module_t>(newModule(std::move(*module)));
  return nullptr;
}

// A Module handle is immutable and safe to share between threads.
void wasm_shared_module_delete(wasm_shared_module_t* shared) { delete shared; }

wasm_shared_module_t* wasm_module_share(const wasm_module_t* module) {
  const Object* o = objectOf(module, Kind::Module);
  return o ? new wasm_shared_module_t{*o->module} : nullptr;
}

wasm_module_t* wasm_module_obtain(wasm_store_t* store, const wasm_shared_module_t* shared) {
  if (!store || !shared) return nullptr;
  // Compiled code is the engine's: a store of another engine cannot run it.
  if (!(shared->module.engine() == store->data->store->engine())) return nullptr;
  return as<wasm_module_t>(newModule(shared->module));
}

// ---- instances ----

static wasm_instance_t* failInstance(wasm_trap_t** trap, std::string message) {
  if (trap) *trap = as<wasm_trap_t>(newTrap(std::move(message)));
  return nullptr;
}

wasm_instance_t* wasm_instance_new(wasm_store_t* store, const wasm_module_t* module,
                                   const wasm_extern_vec_t* imports, wasm_trap_t** trap) {
  if (trap) *trap = nullptr;
  const Object* m = objectOf(module, Kind::Module);
  if (!store || !m) return failInstance(trap, "wasm_instance_new: null store or module");
  // Imports come by position; the Linker matches them by name and checks
  // their types. Two imports of one name must then be given the same object.
  std::vector<ImportType> expected = importsOf(*m->module);
  size_t given = imports && imports->data ? imports->size : 0;
  if (given != expected.size()) {
    return failInstance(trap, "wasm_instance_new: the module has " +
                                  std::to_string(expected.size()) + " imports, " +
                                  std::to_string(given) + " given");
  }
  Linker linker;
  for (size_t i = 0; i < expected.size(); ++i) {
    const Object* e = object(imports->data[i]);
    if (!e || !e->isExtern() || e->store != store->data) {
      return failInstance(trap, "wasm_instance_new: import " + std::to_string(i) + " (" +
                                    expected[i].module + "." + expected[i].name +
                                    ") is null or of another store");
    }
    std::optional<Extern> earlier = linker.get(expected[i].module, expected[i].name);
    if (earlier && !(*earlier == *e->entity)) {
      return failInstance(trap, "wasm_instance_new: imports named " + expected[i].module + "." +
                                    expected[i].name + " given different objects");
    }
    linker.define(expected[i].module, expected[i].name, *e->entity);
  }
  Expected<Instance, Error> instance = linker.instantiate(*store->data->store, *m->module);
  if (!instance) {
    if (trap) *trap = as<wasm_trap_t>(newTrap(instance.error()));
    return nullptr;
  }
  return as<wasm_instance_t>(newInstance(store->data, *instance));
}

void wasm_instance_exports(const wasm_instance_t* instance, wasm_extern_vec_t* out) {
  const Object* o = objectOf(instance, Kind::Instance);
  std::vector<std::pair<std::string, Extern>> exports;
  if (o) exports = o->instance->exports();
  // The standard API has no tags: wasm_module_exports leaves them out too.
  std::erase_if(exports, [](const auto& e) { return e.second.kind() == ExternKind::Tag; });
  if (!vecAlloc(out, exports.size())) return;
  for (size_t i = 0; i < exports.size(); ++i) {
    out->data[i] = as<wasm_extern_t>(newEntity(o->store, exports[i].second));
  }
}
