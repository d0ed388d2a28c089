#include "run_contract.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kiln/kiln.h"

namespace kiln::fuzz {

namespace {

// Small enough that a fuzzer's input never ties up gigabytes, large enough
// for binaryen's modules, which grow their memories a little.
constexpr uint32_t kMaxMemoryPages = 1024;
constexpr uint32_t kMaxTableElements = 100'000;
constexpr size_t kMaxWasmStack = 256 * 1024;
// Each call (and the start function) is interrupted after this long.
constexpr auto kCallBudget = std::chrono::milliseconds(200);
// Calls per export: zero arguments, then derived ones.
constexpr int kArgumentSets = 2;
// Exports called per instance; binaryen's modules have a few dozen.
constexpr size_t kMaxExportCalls = 64;
// Bytes of an exported memory hashed after each call.
constexpr size_t kMaxHashedMemory = 16u << 20;

// Interrupts the store it is armed with once the deadline passes. One
// thread for the whole process: the fuzzer calls the harness millions of
// times. The lock makes sure the store is never interrupted after disarm.
class Watchdog {
 public:
  static Watchdog& instance() {
    static Watchdog* watchdog = new Watchdog;  // never destroyed: its thread runs to exit
    return *watchdog;
  }
  void arm(Store& store) {
    std::lock_guard lock(mutex_);
    store_ = &store;
    deadline_ = std::chrono::steady_clock::now() + kCallBudget;
    wake_.notify_one();
  }
  void disarm() {
    std::lock_guard lock(mutex_);
    store_ = nullptr;
  }

 private:
  Watchdog() { std::thread([this] { run(); }).detach(); }
  void run() {
    std::unique_lock lock(mutex_);
    for (;;) {
      if (!store_) {
        wake_.wait(lock);
      } else if (wake_.wait_until(lock, deadline_) == std::cv_status::timeout && store_ &&
                 std::chrono::steady_clock::now() >= deadline_) {
        store_->interrupt();
        store_ = nullptr;
      }
    }
  }
  std::mutex mutex_;
  std::condition_variable wake_;
  Store* store_ = nullptr;
  std::chrono::steady_clock::time_point deadline_;
};

struct ArmedWatchdog {
  explicit ArmedWatchdog(Store& store) { Watchdog::instance().arm(store); }
  ~ArmedWatchdog() { Watchdog::instance().disarm(); }
};

uint64_t mix(uint64_t hash, uint64_t value) {
  hash ^= value + 0x9e3779b97f4a7c15 + (hash << 6) + (hash >> 2);
  return hash * 0x100000001b3;
}

std::string valText(const Val& value) {
  char text[64];
  switch (value.type().kind()) {
    case ValKind::I32: std::snprintf(text, sizeof text, "i32:%u", uint32_t(value.i32())); break;
    case ValKind::I64:
      std::snprintf(text, sizeof text, "i64:%llu", (unsigned long long)value.i64());
      break;
    case ValKind::F32: std::snprintf(text, sizeof text, "f32:0x%x", value.f32Bits()); break;
    case ValKind::F64:
      std::snprintf(text, sizeof text, "f64:0x%llx", (unsigned long long)value.f64Bits());
      break;
    case ValKind::V128: {
      V128 bytes = value.v128();
      uint64_t lo, hi;
      std::memcpy(&lo, bytes.data(), 8);
      std::memcpy(&hi, bytes.data() + 8, 8);
      std::snprintf(text, sizeof text, "v128:0x%016llx%016llx", (unsigned long long)hi,
                    (unsigned long long)lo);
      break;
    }
    // References differ by address between stores: only null-ness compares.
    default: return value.isNullRef() ? "ref:null" : "ref:non-null";
  }
  return text;
}

std::string valsText(std::span<const Val> values) {
  std::string text;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) text += ' ';
    text += valText(values[i]);
  }
  return text;
}

// A default value of `type`, or nothing for a non-nullable reference.
std::optional<Val> zeroOf(ValType type) {
  switch (type.kind()) {
    case ValKind::I32: return Val::i32(0);
    case ValKind::I64: return Val::i64(0);
    case ValKind::F32: return Val::f32Bits(0);
    case ValKind::F64: return Val::f64Bits(0);
    case ValKind::V128: return Val::v128({});
    default:
      if (!type.isNullable()) return std::nullopt;
      return Val::nullRef(type);
  }
}

// Edge values first, then pseudo-random ones, all from `seed`.
std::optional<Val> derivedOf(ValType type, uint64_t& seed) {
  seed = mix(seed, 0x5851f42d4c957f2d);
  static constexpr uint64_t kEdges[] = {1,          ~uint64_t(0),       0x80000000,
                                        0x7fffffff, 0x8000000000000000, 0x10000,
                                        0xfffc,     0x3f800000,         0x7ff0000000000000};
  uint64_t bits = (seed >> 60) < 9 ? kEdges[seed >> 60] : seed;
  switch (type.kind()) {
    case ValKind::I32: return Val::i32(int32_t(uint32_t(bits)));
    case ValKind::I64: return Val::i64(int64_t(bits));
    case ValKind::F32: return Val::f32Bits(uint32_t(bits));
    case ValKind::F64: return Val::f64Bits(bits);
    case ValKind::V128: {
      V128 bytes;
      std::memcpy(bytes.data(), &bits, 8);
      std::memcpy(bytes.data() + 8, &seed, 8);
      return Val::v128(bytes);
    }
    default: return zeroOf(type);
  }
}

// What one step (instantiation or a call) did in one mode.
struct Step {
  std::string text;
  // The outcome depends on timing or frame sizes, which differ between the
  // modes: this step and everything after it are not compared.
  bool unstable = false;
};

struct ModeRun {
  std::vector<Step> steps;
  std::optional<std::string> violation;
};

// A well-formed error of the kind `allowed` names, or a description of
// what is wrong with it.
std::optional<std::string> errorViolation(const Error& error,
                                          std::initializer_list<ErrorKind> allowed,
                                          size_t moduleSize, const char* step) {
  bool kindAllowed = false;
  for (ErrorKind kind : allowed) kindAllowed |= error.kind == kind;
  std::string what = std::string(step) + ": " + std::string(toString(error.kind)) + " error \"" +
                     error.toString() + "\"";
  if (!kindAllowed) return what + " is of a kind this step must not give";
  if (error.message.empty()) return what + " has no message";
  if (error.kind == ErrorKind::Malformed || error.kind == ErrorKind::Invalid) {
    if (!error.offset) return what + " has no offset";
  }
  if (error.offset && *error.offset > moduleSize) return what + " has an offset past the module";
  if (error.kind == ErrorKind::Trap) {
    if (!error.trap) return what + " carries no trap";
    if (uint32_t(error.trap->code) >= kTrapCodeCount) return what + " has an unknown trap code";
    if (error.trap->message.empty()) return what + " has a trap without a message";
  }
  return std::nullopt;
}

bool isUnstable(const Error& error) {
  return error.kind == ErrorKind::Trap &&
         (error.trap->code == TrapCode::Interrupt || error.trap->code == TrapCode::StackOverflow);
}

// Exported memories (size and contents), globals and table sizes.
std::string stateText(const Instance& instance) {
  uint64_t hash = 0;
  std::string text;
  for (const auto& [name, item] : instance.exports()) {
    if (const Memory* memory = item.memory()) {
      size_t size = memory->size();
      const uint8_t* data = memory->data();
      uint64_t h = size;
      for (size_t i = 0; i < std::min(size, kMaxHashedMemory); i += 8) {
        uint64_t word = 0;
        std::memcpy(&word, data + i, std::min<size_t>(8, size - i));
        h = mix(h, word);
      }
      hash = mix(hash, h);
    } else if (const Global* global = item.global()) {
      text += " " + name + "=" + valText(global->get());
    } else if (const Table* table = item.table()) {
      text += " " + name + "[" + std::to_string(table->size()) + "]";
    }
  }
  char memoryText[40];
  std::snprintf(memoryText, sizeof memoryText, " memories=%016llx", (unsigned long long)hash);
  return memoryText + text;
}

// Host calls made during the current step: the first few in words, all of
// them in a count and a hash.
struct HostLog {
  std::string text;
  uint64_t count = 0;
  uint64_t hash = 0;
  void add(const std::string& line) {
    if (++count <= 8) text += " [" + line + "]";
    for (char c : line) hash = mix(hash, uint8_t(c));
  }
  std::string take() {
    std::string result =
        text + (count ? " host-calls=" + std::to_string(count) + "/" + std::to_string(hash) : "");
    *this = {};
    return result;
  }
};

ModeRun runInMode(std::span<const uint8_t> bytes, MemoryMode mode) {
  ModeRun run;
  Config config;
  config.memoryMode = mode;
  config.interruptible = true;
  config.compileThreads = 1;
  config.maxMemoryPages = kMaxMemoryPages;
  config.maxTableElements = kMaxTableElements;
  config.maxWasmStack = kMaxWasmStack;
  Engine engine(config);

  auto module = Module::fromBytes(engine, std::vector<uint8_t>(bytes.begin(), bytes.end()));
  if (!module) {
    run.violation = errorViolation(module.error(),
                                   {ErrorKind::Malformed, ErrorKind::Invalid,
                                    ErrorKind::Unsupported, ErrorKind::Resource},
                                   bytes.size(), "compile");
    run.steps.push_back({"compile: " + module.error().toString(), false});
    return run;
  }
  run.steps.push_back({"compiled", false});

  Store store(engine);
  StoreLimits limits;
  limits.memoryBytes = uint64_t(kMaxMemoryPages) * 65536 * 4;
  limits.tableElements = uint64_t(kMaxTableElements) * 4;
  store.setLimits(limits);
  Linker linker;
  HostLog hostLog;
  for (const ImportType& import : module->imports()) {
    std::string name = import.module + "." + import.name;
    const ExternType& type = import.type;
    switch (type.kind) {
      case ExternKind::Func: {
        FuncType funcType = type.func;
        for (ValType result : funcType.results) {
          if (!zeroOf(result)) {
            run.steps.push_back({"skipped: import " + name + " returns a non-nullable ref", false});
            return run;
          }
        }
        linker.defineFunc(store, import.module, import.name, funcType,
                          [&hostLog, name, funcType](Caller&, std::span<const Val> params,
                                                     std::span<Val> results)
                              -> std::optional<Error> {
                            hostLog.add(name + "(" + valsText(params) + ")");
                            for (size_t i = 0; i < results.size(); ++i) {
                              results[i] = *zeroOf(funcType.results[i]);
                            }
                            return std::nullopt;
                          });
        break;
      }
      case ExternKind::Memory:
        if (auto memory = Memory::create(store, type.memory)) {
          linker.define(import.module, import.name, *memory);
        }
        break;
      case ExternKind::Table:
        if (auto init = zeroOf(type.table.element)) {
          if (auto table = Table::create(store, type.table, *init)) {
            linker.define(import.module, import.name, *table);
          }
        }
        break;
      case ExternKind::Global:
        if (auto init = zeroOf(type.global.type)) {
          if (auto global = Global::create(store, type.global, *init)) {
            linker.define(import.module, import.name, *global);
          }
        }
        break;
      default: break;  // a tag: left undefined, instantiation fails to link
    }
  }

  std::optional<Instance> instance;
  {
    ArmedWatchdog watchdog(store);
    auto instantiated = linker.instantiate(store, *module);
    if (!instantiated) {
      const Error& error = instantiated.error();
      run.violation = errorViolation(error,
                                     {ErrorKind::Link, ErrorKind::Resource, ErrorKind::Trap,
                                      ErrorKind::Exception, ErrorKind::Unsupported},
                                     bytes.size(), "instantiate");
      run.steps.push_back({"instantiate: " + error.toString() + hostLog.take(), isUnstable(error)});
      return run;
    }
    instance = *instantiated;
  }
  run.steps.push_back({"instantiated" + hostLog.take() + stateText(*instance), false});

  size_t calls = 0;
  auto exports = instance->exports();
  for (size_t index = 0; index < exports.size(); ++index) {
    const Func* func = exports[index].second.func();
    if (!func) continue;
    for (int set = 0; set < kArgumentSets && calls < kMaxExportCalls; ++set, ++calls) {
      std::vector<Val> args;
      uint64_t seed = mix(index, bytes.size());
      for (ValType type : func->type().params) {
        auto arg = set == 0 ? zeroOf(type) : derivedOf(type, seed);
        if (!arg) break;
        args.push_back(*arg);
      }
      if (args.size() != func->type().params.size()) break;  // a non-nullable ref parameter
      std::string text = exports[index].first + "(" + valsText(args) + ")";
      bool unstable = false;
      {
        ArmedWatchdog watchdog(store);
        auto results = func->call(args);
        if (results) {
          text += " -> " + valsText(*results);
        } else {
          const Error& error = results.error();
          if (auto violation = errorViolation(
                  error, {ErrorKind::Trap, ErrorKind::Exception, ErrorKind::Resource},
                  bytes.size(), text.c_str())) {
            run.violation = violation;
            return run;
          }
          text += " -> " + error.toString();
          unstable = isUnstable(error);
        }
      }
      run.steps.push_back({text + hostLog.take() + stateText(*instance), unstable});
      if (unstable) return run;  // the state from here on depends on where it stopped
    }
  }
  return run;
}

}  // namespace

std::optional<std::string> runContractViolation(std::span<const uint8_t> bytes, RunStats* stats) {
  ModeRun guard = runInMode(bytes, MemoryMode::GuardPages);
  if (guard.violation) return "guard pages: " + *guard.violation;
  ModeRun checked = runInMode(bytes, MemoryMode::BoundsChecks);
  if (checked.violation) return "bounds checks: " + *checked.violation;
  if (stats) *stats = {guard.steps.size() > 0 && guard.steps[0].text == "compiled", 0};
  size_t steps = std::min(guard.steps.size(), checked.steps.size());
  for (size_t i = 0; i < steps; ++i) {
    const Step& a = guard.steps[i];
    const Step& b = checked.steps[i];
    if (a.unstable || b.unstable) return std::nullopt;
    if (a.text != b.text) {
      return "the memory modes differ at step " + std::to_string(i) + ":\n  guard pages:   " +
             a.text + "\n  bounds checks: " + b.text;
    }
    if (stats && i >= 2) ++stats->comparedCalls;
  }
  if (guard.steps.size() != checked.steps.size()) {
    return "the memory modes ran " + std::to_string(guard.steps.size()) + " and " +
           std::to_string(checked.steps.size()) + " steps";
  }
  return std::nullopt;
}

}  // namespace kiln::fuzz
