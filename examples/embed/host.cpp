// A C++ host embedding Kiln through include/kiln: loads a module written in
// the text format, gives it a host function, calls an export (boxed and
// typed), catches a trap, and stops a runaway loop with fuel.
//
//   c++ -std=c++20 host.cpp $(pkg-config --cflags --libs kiln) -o host_cpp && ./host_cpp
//
// Prints what it sees and exits 0 when everything behaved as expected.
#include <cstdio>
#include <kiln/kiln.h>

namespace {

constexpr const char* kCalc = R"((module
  (import "env" "triple" (func $triple (param i32) (result i32)))
  (func (export "compute") (param i32) (result i32)
    (i32.add (call $triple (local.get 0)) (i32.const 1)))
  (func (export "divide") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func (export "spin") (loop (br 0)))))";

int failures = 0;

void check(bool ok, const char* what) {
  std::printf("%s: %s\n", ok ? "ok" : "FAILED", what);
  if (!ok) ++failures;
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

  std::printf("%d failed\n", failures);
  return failures ? 1 : 0;
}
