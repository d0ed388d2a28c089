#include <algorithm>
#include <string>

#include "engines.h"
#include "kiln/kiln.h"
#include "zero_values.h"

namespace kiln::differential {

namespace {

std::string valueText(const Val& value) {
  switch (value.type().kind()) {
    case ValKind::I32: return i32Text(uint32_t(value.i32()));
    case ValKind::I64: return i64Text(uint64_t(value.i64()));
    case ValKind::F32: return f32Text(value.f32Bits());
    case ValKind::F64: return f64Text(value.f64Bits());
    case ValKind::V128: {
      uint8_t bytes[16];
      V128 v = value.v128();
      std::copy(v.begin(), v.end(), bytes);
      return v128Text(bytes);
    }
    default: return refText(value.isNullRef());
  }
}

// What stopped a call or an instantiation; anything but a trap or an
// exception (no host function here ever returns one) is Other, which wabt
// never reports.
TrapKind kindOf(const Error& error) {
  if (error.kind == ErrorKind::Exception) return TrapKind::UncaughtException;
  if (error.kind != ErrorKind::Trap) return TrapKind::Other;
  switch (error.trap->code) {
    case TrapCode::StackOverflow: return TrapKind::StackExhausted;
    case TrapCode::HeapAccessOutOfBounds: return TrapKind::MemoryOutOfBounds;
    case TrapCode::TableAccessOutOfBounds: return TrapKind::TableOutOfBounds;
    case TrapCode::IndirectCallToNull: return TrapKind::NullCall;
    case TrapCode::BadSignature: return TrapKind::BadSignature;
    case TrapCode::IntegerOverflow: return TrapKind::IntegerOverflow;
    case TrapCode::IntegerDivisionByZero: return TrapKind::DivideByZero;
    case TrapCode::BadConversionToInteger: return TrapKind::BadConversion;
    case TrapCode::Unreachable: return TrapKind::Unreachable;
    default: return TrapKind::Other;
  }
}

std::string argumentsText(std::span<const Val> values) {
  std::string text;
  for (size_t i = 0; i < values.size(); ++i) text += (i ? ", " : "") + valueText(values[i]);
  return text;
}

}  // namespace

Val zeroOf(ValType type) {
  switch (type.kind()) {
    case ValKind::I32: return Val::i32(0);
    case ValKind::I64: return Val::i64(0);
    case ValKind::F32: return Val::f32Bits(0);
    case ValKind::F64: return Val::f64Bits(0);
    case ValKind::V128: return Val::v128(V128{});
    default: return Val::nullRef(type);
  }
}

std::variant<RunLog, Skip> runInKiln(const std::vector<uint8_t>& bytes, Config config) {
  config.compileThreads = 1;
  Engine engine(config);
  auto module = Module::fromBytes(engine, bytes);
  if (!module) return Skip{"kiln rejects the module: " + module.error().toString()};
  Store store(engine);
  Linker linker;
  RunLog log;
  for (const ImportType& import : module->imports()) {
    if (import.type.kind != ExternKind::Func) return Skip{"imports a non-function"};
    std::string name = "host " + import.module + "." + import.name;
    FuncType type = import.type.func;
    linker.defineFunc(store, import.module, import.name, type,
                      [&log, name, type](Caller&, std::span<const Val> params,
                                         std::span<Val> results) -> std::optional<Error> {
                        log.push_back(name + "(" + argumentsText(params) + ")");
                        for (size_t i = 0; i < results.size(); ++i) {
                          results[i] = zeroOf(type.results[i]);
                        }
                        return std::nullopt;
                      });
  }
  auto instance = linker.instantiate(store, *module);
  if (!instance) {
    if (instance.error().kind != ErrorKind::Trap) {
      return Skip{"kiln cannot instantiate: " + instance.error().toString()};
    }
    log.push_back("instantiate " + trapText(kindOf(instance.error())));
    return log;
  }
  for (const auto& [name, item] : instance->exports()) {
    const Func* func = item.func();
    if (!func) continue;
    std::vector<Val> args;
    for (ValType type : func->type().params) args.push_back(zeroOf(type));
    auto results = func->call(args);
    if (!results) {
      log.push_back(name + " " + trapText(kindOf(results.error())));
      continue;
    }
    log.push_back(name + " -> (" + argumentsText(*results) + ")");
  }
  return log;
}

}  // namespace kiln::differential
