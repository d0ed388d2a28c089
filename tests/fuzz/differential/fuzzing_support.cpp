// Kiln's side of the comparison with binaryen's interpreter (`wasm-opt
// --fuzz-exec-before`): the imports binaryen's fuzzer generates
// ("fuzzing-support" logging, throwing, call-export/call-ref, table-get/set,
// sleep; the tags "wasmtag" and "jstag"; immutable externref globals),
// answered the way binaryen's LoggingExternalInterface and
// FuzzerImportResolver (src/tools/execution-results.h, version 132) answer
// them, where JS semantics decide: calling an export from "JS" with an i64
// parameter, or a v128 or exnref parameter or result, throws a JS
// exception. A JS exception is a Wasm exception of the "jstag" tag whose
// payload is the externref binaryen calls "jserror".
//
// The output follows binaryen's lines (differential.py parses both):
//   [fuzz-exec] export NAME
//   [fuzz-exec] note result: NAME => VALUE...
//   [LoggingExternalInterface logging VALUE...]   (an i64 argument as two i32s)
//   [trap]
//   [exception thrown: TAG VALUE...]
// with values typed ("i32:-3", "f64:0x...", "null", "function",
// "externref(N)", "jserror", "object"), so that floats compare by bits.
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <memory>
#include <span>

#include "engines.h"
#include "kiln/kiln.h"
#include "zero_values.h"

namespace kiln::differential {

namespace {

// Externref values the host creates: the address of byte N of this array is
// binaryen's externref(N) (a synthesized global's payload is below 251).
char externPayloads[256];
// The payload of a JS exception, binaryen's externref(0xbad) "jserror".
char jsErrorPayload;

std::string floatToken(const char* type, uint64_t bits, bool isNan, int digits) {
  if (isNan) return std::string(type) + ":nan";
  char text[40];
  std::snprintf(text, sizeof text, "%s:0x%0*" PRIx64, type, digits, bits);
  return text;
}

bool isExnHierarchy(ValType type) {
  return type.isRef() && type.heapType().isAbstract() &&
         topOfAbstract(type.heapType().code()) == HeapType::kExn;
}

std::string token(const Val& value) {
  ValType type = value.type();
  if (type == ValType::I32) return "i32:" + std::to_string(value.i32());
  if (type == ValType::I64) return "i64:" + std::to_string(value.i64());
  if (type == ValType::F32) {
    float f = value.f32();
    return floatToken("f32", value.f32Bits(), f != f, 8);
  }
  if (type == ValType::F64) {
    double d = value.f64();
    return floatToken("f64", value.f64Bits(), d != d, 16);
  }
  if (!type.isRef()) return "v128";
  if (value.isNullRef()) return "null";
  const char* ref = static_cast<const char*>(value.ref());
  if (type.heapType().isAbstract() && topOfAbstract(type.heapType().code()) == HeapType::kExtern) {
    if (ref == &jsErrorPayload) return "jserror";
    if (ref >= externPayloads && ref < externPayloads + sizeof externPayloads) {
      return "externref(" + std::to_string(ref - externPayloads) + ")";
    }
    return "externref(?)";
  }
  if (isExnHierarchy(type)) return "object";
  return "function";
}

std::string tokens(std::span<const Val> values, bool splitI64) {
  std::string text;
  for (const Val& value : values) {
    if (splitI64 && value.type() == ValType::I64) {
      // binaryen logs an i64 as its low and high halves, as JS legalization would.
      // Appended piece by piece: g++ 12 -O3 flags `" " + std::string` with
      // a false -Wrestrict (Release builds).
      text += ' ';
      text += token(Val::i32(int32_t(value.i64())));
      text += ' ';
      text += token(Val::i32(int32_t(value.i64() >> 32)));
    } else {
      text += ' ';
      text += token(value);
    }
  }
  return text;
}

// The state binaryen's LoggingExternalInterface keeps: the tags, and the
// instance once instantiation is over (before, "JS" sees no exports).
struct Host {
  Store& store;
  Tag wasmTag;
  Tag jsTag;
  RunLog& log;
  std::optional<Instance> instance;

  Error jsException() const { return Exception(jsTag, {Val::externRef(&jsErrorPayload)}); }

  // binaryen's callFunctionAsJS: zeros for arguments, and a JS exception
  // where JS could not make the call.
  std::optional<Error> callAsJS(const Func& func) const {
    std::vector<Val> args;
    for (ValType type : func.type().params) {
      if (type == ValType::I64 || type == ValType::V128 || isExnHierarchy(type) ||
          !type.isDefaultable()) {
        return jsException();
      }
      args.push_back(zeroOf(type));
    }
    for (ValType type : func.type().results) {
      if (type == ValType::V128 || isExnHierarchy(type)) return jsException();
    }
    auto results = func.call(args);
    if (!results) return results.error();
    return std::nullopt;
  }

  std::optional<Error> callExport(int32_t index) const {
    if (!instance) return jsException();
    auto exports = instance->exports();
    if (uint32_t(index) >= exports.size()) return jsException();
    const Func* func = exports[uint32_t(index)].second.func();
    if (!func) return jsException();
    return callAsJS(*func);
  }

  std::optional<Error> callRef(const Val& ref) const {
    auto func = Func::fromVal(store, ref);
    if (!func) return jsException();
    return callAsJS(*func);
  }

  // The "-catch" variants: 1 when a Wasm (or JS) exception came out, which
  // they catch; traps are not caught.
  static std::optional<Error> caught(std::optional<Error> error, std::span<Val> results) {
    if (error && error->kind != ErrorKind::Exception) return error;
    results[0] = Val::i32(error ? 1 : 0);
    return std::nullopt;
  }

  std::optional<Table> exportedTable() const {
    if (!instance) return std::nullopt;
    return instance->getTable("table");
  }

  std::optional<Error> call(const std::string& name, std::span<const Val> params,
                            std::span<Val> results) {
    if (name.rfind("log", 0) == 0) {
      bool branch = name == "log-branch";
      log.push_back(std::string("[LoggingExternalInterface ") +
                    (branch ? "log-branch" : "logging") + tokens(params, true) + "]");
      if (branch) results[0] = params[0];
      return std::nullopt;
    }
    if (name == "throw") {
      if (params[0].i32() == 0) return jsException();
      return Exception(wasmTag, {params[0]});
    }
    if (name == "call-export") return callExport(params[0].i32());
    if (name == "call-export-catch") return caught(callExport(params[0].i32()), results);
    if (name == "call-ref") return callRef(params[0]);
    if (name == "call-ref-catch") return caught(callRef(params[0]), results);
    if (name == "table-get" || name == "table-set") {
      auto table = exportedTable();
      uint64_t index = uint32_t(params[0].i32());
      if (!table || index >= table->size()) return jsException();
      if (name == "table-get") {
        results[0] = *table->get(index);
      } else if (!table->set(index, params[1])) {
        return jsException();
      }
      return std::nullopt;
    }
    // "sleep": binaryen does not sleep; it returns the id.
    results[0] = params[1];
    return std::nullopt;
  }
};

bool isKnownImport(const std::string& name) {
  return name.rfind("log", 0) == 0 || name == "throw" || name == "call-export" ||
         name == "call-export-catch" || name == "call-ref" || name == "call-ref-catch" ||
         name == "table-get" || name == "table-set" || name == "sleep";
}

// binaryen's payload for a synthesized externref global: the bytes of the
// import's module and field names summed modulo 251.
size_t externGlobalPayload(const ImportType& import) {
  size_t payload = 0;
  for (const std::string* part : {&import.module, &import.name}) {
    for (char c : *part) payload = (payload + size_t(static_cast<signed char>(c))) % 251;
  }
  return payload;
}

std::string exceptionLine(const Host& host, const Exception& exception) {
  const char* tag = exception.tag() == host.wasmTag  ? "imported-wasm-tag"
                    : exception.tag() == host.jsTag ? "imported-js-tag"
                                                     : "module-tag";
  return std::string("[exception thrown: ") + tag + tokens(exception.payload(), false) + "]";
}

}  // namespace

std::variant<RunLog, Skip> runInKilnWithFuzzingSupport(const std::vector<uint8_t>& bytes,
                                                       Config config) {
  config.compileThreads = 1;
  Engine engine(config);
  auto module = Module::fromBytes(engine, bytes);
  if (!module) return Skip{"kiln rejects the module: " + module.error().toString()};
  Store store(engine);
  RunLog log;
  auto host = std::make_shared<Host>(Host{store, Tag::create(store, {ValType::I32}),
                                          Tag::create(store, {ValType::ExternRef}), log, {}});
  Linker linker;
  for (const ImportType& import : module->imports()) {
    const ExternType& type = import.type;
    if (import.module == "fuzzing-support" && type.kind == ExternKind::Tag &&
        (import.name == "wasmtag" || import.name == "jstag")) {
      linker.define(import.module, import.name,
                    import.name == "wasmtag" ? host->wasmTag : host->jsTag);
    } else if (import.module == "fuzzing-support" && type.kind == ExternKind::Func &&
               isKnownImport(import.name)) {
      std::string name = import.name;
      linker.defineFunc(store, import.module, import.name, type.func,
                        [host, name](Caller&, std::span<const Val> params, std::span<Val> results) {
                          return host->call(name, params, results);
                        });
    } else if (type.kind == ExternKind::Global && !type.global.isMutable &&
               type.global.type.isRef() && type.global.type.heapType().isAbstract() &&
               type.global.type.heapType().code() == HeapType::kExtern) {
      Val value = Val::externRef(&externPayloads[externGlobalPayload(import)]);
      auto global = Global::create(store, GlobalType{ValType::ExternRef, false}, value);
      if (!global) return Skip{"kiln cannot create an externref global"};
      linker.define(import.module, import.name, *global);
    } else {
      return Skip{"imports something binaryen's fuzzer does not provide: " + import.module + "." +
                  import.name};
    }
  }
  auto instance = linker.instantiate(store, *module);
  if (!instance) {
    const Error& error = instance.error();
    if (error.kind == ErrorKind::Trap) {
      log.push_back("[trap]");
    } else if (error.kind == ErrorKind::Exception) {
      log.push_back("[exception thrown: failed to instantiate module]");
    } else {
      return Skip{"kiln cannot instantiate: " + error.toString()};
    }
    return log;
  }
  host->instance = *instance;
  for (const auto& [name, item] : instance->exports()) {
    if (const Global* global = item.global()) {
      log.push_back("[fuzz-exec] export " + name);
      Val value = global->get();
      log.push_back("[LoggingExternalInterface logging" + tokens({&value, 1}, false) + "]");
      continue;
    }
    const Func* func = item.func();
    if (!func) continue;
    log.push_back("[fuzz-exec] export " + name);
    std::vector<Val> args;
    bool defaultable = true;
    for (ValType type : func->type().params) {
      defaultable = defaultable && type.isDefaultable();
      args.push_back(zeroOf(type));
    }
    if (!defaultable) {
      log.push_back("[trap]");
      continue;
    }
    auto results = func->call(args);
    if (!results) {
      const Error& error = results.error();
      if (error.kind == ErrorKind::Exception) {
        log.push_back(exceptionLine(*host, *error.exception));
      } else if (error.kind == ErrorKind::Trap) {
        log.push_back("[trap]");
      } else {
        log.push_back("[error " + error.toString() + "]");
      }
      continue;
    }
    if (!results->empty()) {
      log.push_back("[fuzz-exec] note result: " + name + " =>" + tokens(*results, false));
    }
  }
  return log;
}

}  // namespace kiln::differential
