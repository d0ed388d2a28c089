// Runs a JavaScript file in QuickJS compiled to Wasm (the WASI reactor of the
// npm package quickjs-wasi), embedded through Kiln's public C++ API:
//
//   bench_quickjs_run [--bounds-checks] [--force-libcalls] [--perf-map]
//                     [--compile eager|lazy] [--cache DIR] quickjs.wasm|quickjs.kwasm SCRIPT.js
//   bench_quickjs_run --write-kwasm OUT.kwasm quickjs.wasm
//
// Prints the script's value as a string, like bench/suite/node_quickjs.mjs in
// Node; the suite's "quickjs" program runs both and compares their output.
// The module is compiled as `kiln run --no-cache` would: the default
// compilation strategy (lazy for a code section this large) and no
// compiled-code cache, so that compilation is part of what is measured.
// For the start-up group, --compile chooses the strategy, --cache DIR uses a
// compiled-code cache there, and a .kwasm is loaded as it is. A .kwasm loads
// only into the binary that made it: --write-kwasm makes this binary's.
// --perf-map names the compiled functions for `perf report`, as `kiln run
// --perf-map` does, to profile where QuickJS spends its time.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <kiln/kiln.h>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: bench_quickjs_run [--bounds-checks] [--force-libcalls] [--perf-map] "
               "[--compile eager|lazy] [--cache DIR] quickjs.wasm|quickjs.kwasm SCRIPT.js\n"
               "       bench_quickjs_run --write-kwasm OUT.kwasm quickjs.wasm\n");
  return 2;
}

int fail(const std::string& what, const kiln::Error& error) {
  std::fprintf(stderr, "bench_quickjs_run: %s: %s\n", what.c_str(), error.toString().c_str());
  return 1;
}

/// The module's host hooks (module loading, host functions, interrupts,
/// promise rejections, time zones): the benchmark script uses none, so each
/// answers "nothing", as in node_quickjs.mjs.
void defineHostHooks(kiln::Linker& linker, kiln::Store& store) {
  using Pair = kiln::TypedFunc<int32_t(int32_t, int32_t)>;
  linker.define("env", "host_call",
                kiln::TypedFunc<int32_t(int32_t, int32_t, int32_t, int32_t, int32_t)>::wrap(
                    store, [](int32_t, int32_t, int32_t, int32_t, int32_t) { return 0; })
                    .func());
  linker.define("env", "host_interrupt",
                kiln::TypedFunc<int32_t()>::wrap(store, [] { return 0; }).func());
  linker.define("env", "host_promise_rejection",
                kiln::TypedFunc<void(int32_t, int32_t, int32_t)>::wrap(
                    store, [](int32_t, int32_t, int32_t) {})
                    .func());
  for (const char* name :
       {"host_module_normalize", "host_module_load", "host_get_timezone_offset"}) {
    linker.define("env", name, Pair::wrap(store, [](int32_t, int32_t) { return 0; }).func());
  }
}

}  // namespace

int main(int argc, char** argv) {
  kiln::Config config;
  if (argc == 4 && std::string_view(argv[1]) == "--write-kwasm") {
    config.compileStrategy = kiln::CompileStrategy::Eager;  // lazy code is not one block
    kiln::Engine engine(config);
    auto module = kiln::Module::fromFile(engine, argv[3]);
    if (!module) return fail(argv[3], module.error());
    if (auto error = module->serializeToFile(argv[2])) return fail(argv[2], *error);
    return 0;
  }
  int arg = 1;
  for (; arg < argc && argv[arg][0] == '-'; ++arg) {
    std::string_view option = argv[arg];
    if (option == "--bounds-checks") {
      config.memoryMode = kiln::MemoryMode::BoundsChecks;
    } else if (option == "--force-libcalls") {
      config.forceLibcalls = true;
    } else if (option == "--perf-map") {
      config.perfMap = true;
    } else if (option == "--compile" && arg + 1 < argc) {
      const std::string_view strategy = argv[++arg];
      if (strategy != "eager" && strategy != "lazy") return usage();
      config.compileStrategy =
          strategy == "eager" ? kiln::CompileStrategy::Eager : kiln::CompileStrategy::Lazy;
    } else if (option == "--cache" && arg + 1 < argc) {
      config.cacheDirectory = argv[++arg];
    } else {
      return usage();
    }
  }
  if (argc - arg != 2) return usage();
  const std::string wasmPath = argv[arg], scriptPath = argv[arg + 1];

  auto script = kiln::readFile(scriptPath, uint64_t(1) << 30);
  if (!script) return fail(scriptPath, script.error());
  kiln::Engine engine(config);
  std::vector<uint8_t> start(8);
  if (FILE* file = std::fopen(wasmPath.c_str(), "rb")) {
    start.resize(std::fread(start.data(), 1, start.size(), file));
    std::fclose(file);
  }
  auto module = kiln::Module::isSerialized(start) ? kiln::Module::deserializeFile(engine, wasmPath)
                                                  : kiln::Module::fromFile(engine, wasmPath);
  if (!module) return fail(wasmPath, module.error());

  kiln::Store store(engine);
  kiln::Linker linker;
  kiln::WasiConfig wasiConfig;
  wasiConfig.args = {wasmPath};
  auto wasi = kiln::Wasi::create(wasiConfig);
  if (!wasi) return fail("WASI", wasi.error());
  wasi->define(linker, store);
  defineHostHooks(linker, store);
  auto instance = linker.instantiate(store, *module);
  if (!instance) return fail("instantiate", instance.error());

  // The reactor's exports, typed as quickjs-wasi's own JS wrapper calls them.
  auto exported = [&](const char* name) -> kiln::Func {
    std::optional<kiln::Func> func = instance->getFunc(name);
    if (!func) {
      std::fprintf(stderr, "bench_quickjs_run: %s exports no %s\n", wasmPath.c_str(), name);
      std::exit(1);
    }
    return *func;
  };
  using Unary = kiln::TypedFunc<int32_t(int32_t)>;
  auto initialize = kiln::TypedFunc<void()>::of(exported("_initialize"));
  auto init = kiln::TypedFunc<int32_t()>::of(exported("qjs_init"));
  auto allocate = Unary::of(exported("wasm_malloc"));
  auto eval =
      kiln::TypedFunc<int32_t(int32_t, int32_t, int32_t, int32_t)>::of(exported("qjs_eval"));
  auto isException = Unary::of(exported("qjs_is_exception"));
  auto getException = kiln::TypedFunc<int32_t()>::of(exported("qjs_get_exception"));
  auto getString = Unary::of(exported("qjs_get_string"));
  std::optional<kiln::Memory> memory = instance->getMemory("memory");
  for (const auto* typed : {&allocate, &isException, &getString}) {
    if (!*typed) return fail("an export's type", typed->error());
  }
  if (!initialize || !init || !eval || !getException || !memory) {
    std::fprintf(stderr, "bench_quickjs_run: %s is not quickjs-wasi's reactor\n", wasmPath.c_str());
    return 1;
  }
  if (auto done = initialize->call(); !done) return fail("_initialize", done.error());
  if (auto status = init->call(); !status || *status != 0) {
    std::fprintf(stderr, "bench_quickjs_run: qjs_init failed\n");
    return 1;
  }

  // A NUL-terminated copy of `bytes` in guest memory; 0 when it cannot be made.
  auto guestString = [&](const void* bytes, size_t size) -> int32_t {
    auto pointer = allocate->call(int32_t(size + 1));
    if (!pointer || *pointer == 0 || uint64_t(uint32_t(*pointer)) + size + 1 > memory->size()) {
      return 0;
    }
    uint8_t* at = memory->data() + uint32_t(*pointer);  // after malloc: it may grow memory
    std::memcpy(at, bytes, size);
    at[size] = 0;
    return *pointer;
  };
  int32_t code = guestString(script->data(), script->size());
  int32_t name = guestString(scriptPath.data(), scriptPath.size());
  if (!code || !name) {
    std::fprintf(stderr, "bench_quickjs_run: guest malloc failed\n");
    return 1;
  }

  auto value = eval->call(code, int32_t(script->size()), name, 0);
  if (!value) return fail("qjs_eval", value.error());
  auto exception = isException->call(*value);
  if (!exception) return fail("qjs_is_exception", exception.error());
  if (*exception) value = getException->call();
  auto text = value ? getString->call(*value) : value;
  if (!text) return fail("qjs_get_string", text.error());
  std::string result = "<no string>";
  if (*text && uint32_t(*text) < memory->size()) {
    // The guest's C string, bounded by the memory's end.
    const char* begin = reinterpret_cast<const char*>(memory->data()) + uint32_t(*text);
    size_t limit = memory->size() - uint32_t(*text);
    result.assign(begin, strnlen(begin, limit));
  }
  if (*exception) {
    std::fprintf(stderr, "uncaught exception: %s\n", result.c_str());
    return 1;
  }
  std::printf("%s\n", result.c_str());
  return 0;
}
