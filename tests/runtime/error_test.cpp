// kiln::Error through the API, one test per kind: each failure comes back
// with its kind, and with the byte offset and function index when the layer
// that found it knows them. Code decides by the kind, never by the message.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "runtime_test_util.h"

namespace kiln::test {
namespace {

// A function typed [] -> [i32] whose body is just `end`: well-formed, invalid.
const std::vector<uint8_t> kInvalid = {
    0, 'a', 's', 'm', 1, 0, 0, 0,
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7F,  // type section: [] -> [i32]
    0x03, 0x02, 0x01, 0x00,                    // function section: one of type 0
    0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B,        // code section: no locals, `end`
};

TEST(Error, MalformedBinaryHasTheByteOffset) {
  Engine engine;
  // A type section announced with 5 bytes that the module does not have.
  std::vector<uint8_t> truncated = {0, 'a', 's', 'm', 1, 0, 0, 0, 0x01, 0x05};
  auto module = Module::fromBytes(engine, truncated);
  ASSERT_FALSE(module);
  const Error& error = module.error();
  EXPECT_EQ(error.kind, ErrorKind::Malformed);
  EXPECT_EQ(error.offset, 0xau);
  EXPECT_FALSE(error.function);
  EXPECT_EQ(error.toString(), "0xa: " + error.message);
  std::optional<Error> validation = Module::validate(engine, truncated);
  ASSERT_TRUE(validation);
  EXPECT_EQ(validation->kind, ErrorKind::Malformed);
  EXPECT_EQ(validation->offset, 0xau);
}

TEST(Error, MalformedTextHasTheLineAndColumn) {
  auto binary = watToBinary("(module\n  (func (resul i32)))");
  ASSERT_FALSE(binary);
  EXPECT_EQ(binary.error().kind, ErrorKind::Malformed);
  EXPECT_EQ(binary.error().message.rfind("2:10: ", 0), 0u) << binary.error().message;
  EXPECT_FALSE(binary.error().offset);
}

TEST(Error, InvalidHasTheOffsetAndTheFunction) {
  Engine engine;
  auto module = Module::fromBytes(engine, kInvalid);
  ASSERT_FALSE(module);
  const Error& error = module.error();
  EXPECT_EQ(error.kind, ErrorKind::Invalid);
  EXPECT_EQ(error.offset, kInvalid.size() - 1);  // the `end` that leaves no i32
  EXPECT_EQ(error.function, 0u);
  EXPECT_EQ(error.toString(), "0x18: in function 0: " + error.message);
  std::optional<Error> validation = Module::validate(engine, kInvalid);
  ASSERT_TRUE(validation);
  EXPECT_EQ(validation->kind, ErrorKind::Invalid);
  EXPECT_EQ(validation->function, 0u);
}

TEST(Error, UnsupportedIsValidButNotRunnable) {
  Engine engine;
  auto binary = watToBinary("(module (func (export \"f\") (drop (ref.i31 (i32.const 0)))))");
  ASSERT_TRUE(binary) << binary.error().message;
  EXPECT_FALSE(Module::validate(engine, *binary));  // valid
  auto module = Module::fromBytes(engine, *binary);
  ASSERT_FALSE(module);
  EXPECT_EQ(module.error().kind, ErrorKind::Unsupported);
}

TEST(Error, LinkForAMissingImportAndForMistypedArguments) {
  Engine engine;
  Store store(engine);
  Module module = compileWat(engine, R"((module (import "env" "f" (func (param i32)))))");
  Error error = instantiationError(Linker(), store, module);
  EXPECT_EQ(error.kind, ErrorKind::Link);
  EXPECT_EQ(error.message, "unknown import: env.f: expected func (i32) -> ()");

  Module callee = compileWat(engine, R"((module (func (export "f") (param i32))))");
  Func f = *instantiateOrFail(Linker(), store, callee).getFunc("f");
  auto wrongType = f.call(std::vector{Val::f32(1)});
  ASSERT_FALSE(wrongType);
  EXPECT_EQ(wrongType.error().kind, ErrorKind::Link);
  EXPECT_FALSE(wrongType.error().trap);
}

TEST(Error, ResourceForAnUnreadableFileAndAnEngineLimit) {
  Engine engine;
  auto missing = Module::fromFile(engine, "/nonexistent/module.wasm");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::Resource);
  EXPECT_EQ(missing.error().message, "cannot read: No such file or directory");

  Config config;
  config.maxTableElements = 10;
  Engine limited(config);
  Store store(limited);
  Module module = compileWat(limited, "(module (table 11 funcref))");
  Error error = instantiationError(Linker(), store, module);
  EXPECT_EQ(error.kind, ErrorKind::Resource);
}

TEST(Error, TrapHasTheCodeBacktraceAndInnermostFrame) {
  Engine engine;
  Store store(engine);
  Module module = compileWat(engine, R"((module
    (func $inner (i32.div_u (i32.const 1) (i32.const 0)) drop)
    (func (export "outer") call $inner))
  )");
  Instance instance = instantiateOrFail(Linker(), store, module);
  auto result = instance.getFunc("outer")->call({});
  ASSERT_FALSE(result);
  const Error& error = result.error();
  EXPECT_EQ(error.kind, ErrorKind::Trap);
  ASSERT_TRUE(error.trap);
  EXPECT_EQ(error.trap->code, TrapCode::IntegerDivisionByZero);
  EXPECT_EQ(error.message, "integer divide by zero");
  ASSERT_EQ(error.trap->backtrace.size(), 2u);
  EXPECT_EQ(error.function, 0u);
  EXPECT_EQ(error.offset, error.trap->backtrace[0].codeOffset);
}

// A trap raised by a function's last instruction (its out-of-line trap
// stub's call) returns to the first byte after the function, which is where
// the next function starts when no alignment padding lies between them.
// Found by fuzz_run: the modes named different functions. The functions
// grow by fillers of two sizes so that some end on a 16-byte boundary in
// each mode, whatever the sizes of the instructions.
TEST(Error, TrapAtAFunctionsLastInstructionNamesThatFunction) {
  std::string wat = "(module\n";
  constexpr int kVariants = 64;
  for (int i = 0; i < kVariants; ++i) {
    wat += "  (func (export \"t" + std::to_string(i) + "\") (param i32) (result i32) (local i32)\n";
    const std::string large = "    (local.set 1 (i32.const 1000000))\n";
    const std::string small = "    (local.set 1 (i32.add (local.get 1) (i32.const 1)))\n";
    for (int j = 0; j < i % 8; ++j) wat += large;
    for (int j = 0; j < i / 8; ++j) wat += small;
    // An unsigned division has one trap stub (divide by zero): the last code.
    wat += "    (i32.div_u (local.get 1) (local.get 0)))\n";
  }
  wat += ")";
  for (MemoryMode mode : {MemoryMode::GuardPages, MemoryMode::BoundsChecks}) {
    Config config;
    config.memoryMode = mode;
    Engine engine(config);
    Store store(engine);
    Instance instance = instantiateOrFail(Linker(), store, compileWat(engine, wat));
    for (uint32_t i = 0; i < kVariants; ++i) {
      std::string name = "t";  // appended: see parallel_compile_test's functionName
      name += std::to_string(i);
      auto result = instance.getFunc(name)->call(std::vector{Val::i32(0)});
      ASSERT_FALSE(result);
      EXPECT_EQ(result.error().message, "integer divide by zero");
      EXPECT_EQ(result.error().function, i) << "mode " << int(mode);
      ASSERT_EQ(result.error().trap->backtrace.size(), 1u) << "mode " << int(mode) << " t" << i;
    }
  }
}

TEST(Error, ExitPassesThroughWasmFramesToTheCaller) {
  Engine engine;
  Store store(engine);
  Linker linker;
  linker.defineFunc(store, "env", "exit", FuncType{{ValType::I32}, {}},
                    [](Caller&, std::span<const Val> params, std::span<Val>) {
                      return std::optional<Error>(Error::exit(params[0].i32()));
                    });
  Module module = compileWat(engine, R"((module
    (import "env" "exit" (func $exit (param i32)))
    (func (export "run") (param i32) (call $exit (local.get 0)) unreachable))
  )");
  Instance instance = instantiateOrFail(linker, store, module);
  auto result = instance.getFunc("run")->call(std::vector{Val::i32(3)});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::Exit);
  EXPECT_EQ(result.error().exitStatus, 3);
  EXPECT_FALSE(result.error().trap);

  // From a start function, instantiation returns it.
  Module exits = compileWat(engine, R"((module
    (import "env" "exit" (func $exit (param i32)))
    (func $start (call $exit (i32.const 0)))
    (start $start))
  )");
  Error error = instantiationError(linker, store, exits);
  EXPECT_EQ(error.kind, ErrorKind::Exit);
  EXPECT_EQ(error.exitStatus, 0);
}

TEST(Error, FromFileReadsTextAndNamesNoFile) {
  Engine engine;
  std::string path = ::testing::TempDir() + "error_test_module.wat";
  {
    std::ofstream file(path);
    file << "(module (func (export \"f\")))";
  }
  auto module = Module::fromFile(engine, path);
  ASSERT_TRUE(module) << module.error().message;
  EXPECT_EQ(module->exports().size(), 1u);
  {
    std::ofstream file(path);
    file << "(module\n  (func (resul i32)))";
  }
  auto broken = Module::fromFile(engine, path);
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().kind, ErrorKind::Malformed);
  EXPECT_EQ(broken.error().message.find(path), std::string::npos) << broken.error().message;
  std::remove(path.c_str());
}

TEST(Error, ResourceForAModuleOverMaxModuleBytes) {
  Config config;
  config.maxModuleBytes = 8;
  Engine engine(config);
  std::vector<uint8_t> header{0, 'a', 's', 'm', 1, 0, 0, 0};
  EXPECT_TRUE(Module::fromBytes(engine, header));  // exactly at the limit
  EXPECT_FALSE(Module::validate(engine, header));
  std::vector<uint8_t> over = header;
  over.push_back(0);
  const std::string message = "module over the size limit of 8 bytes";
  auto refused = Module::fromBytes(engine, over);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::Resource);
  EXPECT_EQ(refused.error().message, message);
  auto invalid = Module::validate(engine, over);
  ASSERT_TRUE(invalid);
  EXPECT_EQ(invalid->message, message);
  // A file that never ends is read only up to the limit.
  auto endless = Module::fromFile(engine, "/dev/zero");
  ASSERT_FALSE(endless);
  EXPECT_EQ(endless.error().kind, ErrorKind::Resource);
  EXPECT_EQ(endless.error().message, message);
  auto read = readFile("/dev/zero", 100);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->size(), 101u);
}

TEST(Error, KindsHaveNames) {
  EXPECT_EQ(toString(ErrorKind::Malformed), "malformed");
  EXPECT_EQ(toString(ErrorKind::Unsupported), "unsupported");
  EXPECT_EQ(toString(ErrorKind::Exception), "exception");
  EXPECT_EQ(toString(ErrorKind::Exit), "exit");
  EXPECT_EQ(toString(ErrorKind::Host), "host");
}

}  // namespace
}  // namespace kiln::test
