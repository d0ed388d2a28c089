// A C++ host embedding Kiln through include/kiln: loads a module written in
// the text format, gives it a host function, calls an export (boxed and
// typed), catches a trap, stops a runaway loop with fuel, and runs a WASI
// program whose output it reads through a pipe.
//
//   c++ -std=c++20 host.cpp $(pkg-config --cflags --libs kiln) -o host_cpp && ./host_cpp
//
// Prints what it sees and exits 0 when everything behaved as expected.
#include <unistd.h>

#include <cstdio>
#include <kiln/kiln.h>
#include <string>

namespace {

constexpr const char* kCalc = R"((module
  (import "env" "triple" (func $triple (param i32) (result i32)))
  (func (export "compute") (param i32) (result i32)
    (i32.add (call $triple (local.get 0)) (i32.const 1)))
  (func (export "divide") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func (export "spin") (loop (br 0)))))";

constexpr const char* kHello = R"((module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from wasi\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 16))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $exit (i32.const 7)))))";

int failures = 0;

void check(bool ok, const char* what) {
  std::printf("%s: %s\n", ok ? "ok" : "FAILED", what);
  if (!ok) ++failures;
}

/// Runs kHello with its stdout on a pipe; what it wrote, or "" on failure.
std::string runWasi(const kiln::Engine& engine) {
  int out[2];
  if (pipe(out) != 0) return "";
  kiln::WasiConfig config;
  config.args = {"hello"};
  config.stdoutFd = out[1];
  auto wasi = kiln::Wasi::create(config);
  close(out[1]);  // the guest has its own duplicate
  check(bool(wasi), "set up WASI");
  kiln::Store store(engine);
  store.setFuel(1'000'000);
  kiln::Linker linker;
  if (wasi) wasi->define(linker, store);
  auto binary = kiln::watToBinary(kHello);
  auto module = kiln::Module::fromBytes(engine, std::move(*binary));
  auto instance = linker.instantiate(store, *module);
  check(bool(instance), "instantiate the WASI program");
  if (instance) {
    auto result = instance->getFunc("_start")->call({});
    check(kiln::Wasi::exitStatus(result) == 7, "the WASI program exits with 7");
  }
  char buffer[64] = {0};
  ssize_t size = read(out[0], buffer, sizeof buffer - 1);
  close(out[0]);
  return size > 0 ? std::string(buffer, size_t(size)) : "";
}

}  // namespace

int main() {
  kiln::Config config;
  config.consumeFuel = true;
  kiln::Engine engine(config);
  kiln::Store store(engine);
  store.setFuel(1'000'000);

  auto binary = kiln::watToBinary(kCalc);
  if (!binary) {
    std::printf("%s\n", binary.error().toString().c_str());
    return 1;
  }
  auto module = kiln::Module::fromBytes(engine, std::move(*binary));
  check(bool(module), "compile the module");
  if (!module) return 1;

  kiln::Linker linker;
  int calls = 0;
  linker.defineFunc(store, "env", "triple", kiln::FuncType{{kiln::ValType::I32}, {kiln::ValType::I32}},
                    [&calls](kiln::Caller&, std::span<const kiln::Val> params,
                             std::span<kiln::Val> results) -> std::optional<kiln::Error> {
                      ++calls;
                      results[0] = kiln::Val::i32(params[0].i32() * 3);
                      return std::nullopt;
                    });
  auto instance = linker.instantiate(store, *module);
  check(bool(instance), "instantiate through the linker");
  if (!instance) return 1;

  kiln::Val args[] = {kiln::Val::i32(14)};
  auto results = instance->getFunc("compute")->call(args);
  check(results && (*results)[0].i32() == 43 && calls == 1, "call an export that calls the host");

  auto divide = kiln::TypedFunc<int32_t(int32_t, int32_t)>::of(*instance->getFunc("divide"));
  check(divide && *divide->call(84, 2) == 42, "a typed call");
  auto trapped = divide->call(1, 0);
  check(!trapped && trapped.error().kind == kiln::ErrorKind::Trap &&
            trapped.error().trap->code == kiln::TrapCode::IntegerDivisionByZero,
        "catch the trap of divide(1, 0)");
  if (!trapped) std::printf("trap: %s\n", trapped.error().toString().c_str());

  auto spun = instance->getFunc("spin")->call({});
  check(!spun && spun.error().trap && spun.error().trap->code == kiln::TrapCode::OutOfFuel,
        "fuel stops a runaway loop");

  std::string output = runWasi(engine);
  std::printf("the WASI program wrote: %s", output.c_str());
  check(output == "hello from wasi\n", "its output came through the pipe");

  std::printf("%d failed\n", failures);
  return failures ? 1 : 0;
}
