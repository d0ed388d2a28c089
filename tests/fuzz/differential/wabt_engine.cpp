#include <wabt/binary-reader.h>
#include <wabt/interp/binary-reader-interp.h>
#include <wabt/interp/interp.h>

#include <cstring>
#include <string>

#include "engines.h"

namespace kiln::differential {

namespace {

namespace wi = wabt::interp;

std::string valueText(wabt::Type type, const wi::Value& value) {
  switch (type) {
    case wabt::Type::I32: return i32Text(value.Get<uint32_t>());
    case wabt::Type::I64: return i64Text(value.Get<uint64_t>());
    case wabt::Type::F32: {
      float f = value.Get<float>();
      uint32_t bits;
      std::memcpy(&bits, &f, 4);
      return f32Text(bits);
    }
    case wabt::Type::F64: {
      double d = value.Get<double>();
      uint64_t bits;
      std::memcpy(&bits, &d, 8);
      return f64Text(bits);
    }
    case wabt::Type::V128: {
      ::v128 v = value.Get<::v128>();
      uint8_t bytes[16];
      std::memcpy(bytes, &v, 16);
      return v128Text(bytes);
    }
    default: return refText(value.Get<wi::Ref>() == wi::Ref::Null);
  }
}

wi::Value zeroOf(wabt::Type type) {
  switch (type) {
    case wabt::Type::I32: return wi::Value::Make(uint32_t(0));
    case wabt::Type::I64: return wi::Value::Make(uint64_t(0));
    case wabt::Type::F32: return wi::Value::Make(0.0f);
    case wabt::Type::F64: return wi::Value::Make(0.0);
    case wabt::Type::V128: return wi::Value::Make(::v128{});
    default: return wi::Value::Make(wi::Ref::Null);
  }
}

std::string valuesText(const wabt::TypeVector& types, const wi::Values& values) {
  std::string text;
  for (size_t i = 0; i < values.size(); ++i) text += (i ? ", " : "") + valueText(types[i], values[i]);
  return text;
}

// wabt's trap messages, by the words that tell them apart.
TrapKind kindOf(const std::string& message) {
  auto has = [&](const char* words) { return message.find(words) != std::string::npos; };
  if (has("uncaught exception")) return TrapKind::UncaughtException;
  if (has("unreachable")) return TrapKind::Unreachable;
  if (has("divide by zero")) return TrapKind::DivideByZero;
  if (has("integer overflow")) return TrapKind::IntegerOverflow;
  if (has("invalid conversion")) return TrapKind::BadConversion;
  if (has("call stack exhausted") || has("value stack exhausted")) return TrapKind::StackExhausted;
  if (has("signature mismatch")) return TrapKind::BadSignature;
  if (has("uninitialized")) return TrapKind::NullCall;
  if (has("memory")) return TrapKind::MemoryOutOfBounds;
  if (has("table")) return TrapKind::TableOutOfBounds;
  return TrapKind::Other;
}

}  // namespace

std::variant<RunLog, Skip> runInWabt(const std::vector<uint8_t>& bytes) {
  wabt::Features features;
  // The 3.0 features binaryen 108 generates (differential.py --features30)
  // and wabt 1.0.32 runs; a module without them is read as before.
  features.enable_exceptions();
  features.enable_tail_call();
  features.enable_extended_const();
  features.enable_memory64();
  features.enable_multi_memory();
  wi::Store store(features);
  wabt::Errors errors;
  wi::ModuleDesc desc;
  wabt::ReadBinaryOptions options(features, nullptr, false, true, true);
  if (wabt::Failed(wi::ReadBinaryInterp("module.wasm", bytes.data(), bytes.size(), options,
                                        &errors, &desc))) {
    std::string message = errors.empty() ? "?" : errors.front().message;
    return Skip{"wabt rejects the module: " + message};
  }
  wi::Module::Ptr module = wi::Module::New(store, std::move(desc));
  RunLog log;
  wi::RefVec imports;
  for (const wi::ImportDesc& import : module->desc().imports) {
    if (import.type.type->kind != wabt::ExternalKind::Func) return Skip{"imports a non-function"};
    wi::FuncType type = *wabt::cast<wi::FuncType>(import.type.type.get());
    std::string name = "host " + import.type.module + "." + import.type.name;
    auto host = wi::HostFunc::New(
        store, type,
        [&log, name, type](wi::Thread&, const wi::Values& params, wi::Values& results,
                           wi::Trap::Ptr*) -> wabt::Result {
          log.push_back(name + "(" + valuesText(type.params, params) + ")");
          results.resize(type.results.size());
          for (size_t i = 0; i < type.results.size(); ++i) results[i] = zeroOf(type.results[i]);
          return wabt::Result::Ok;
        });
    imports.push_back(host.ref());
  }
  wi::Trap::Ptr trap;
  wi::Instance::Ptr instance = wi::Instance::Instantiate(store, module.ref(), imports, &trap);
  if (!instance) {
    log.push_back("instantiate " + trapText(trap ? kindOf(trap->message()) : TrapKind::Other));
    return log;
  }
  const auto& exports = module->desc().exports;
  for (size_t i = 0; i < exports.size(); ++i) {
    if (exports[i].type.type->kind != wabt::ExternalKind::Func) continue;
    wi::Func::Ptr func = store.UnsafeGet<wi::Func>(instance->exports()[i]);
    const wi::FuncType& type = func->type();
    wi::Values params;
    for (wabt::Type paramType : type.params) params.push_back(zeroOf(paramType));
    wi::Values results;
    wi::Trap::Ptr callTrap;
    const std::string& name = exports[i].type.name;
    if (wabt::Failed(func->Call(store, params, results, &callTrap))) {
      log.push_back(name + " " + trapText(callTrap ? kindOf(callTrap->message()) : TrapKind::Other));
      continue;
    }
    log.push_back(name + " -> (" + valuesText(type.results, results) + ")");
  }
  return log;
}

}  // namespace kiln::differential
