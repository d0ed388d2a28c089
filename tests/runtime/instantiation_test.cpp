// Instantiation: import resolution and link errors, initialisation order,
// partial writes of failing segments, globals from constant expressions.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>

#include "runtime_test_util.h"

namespace kiln::test {
namespace {

TEST(Instantiation, DataSegmentsBeforeAFailingOneStayWritten) {
  Engine engine;
  Store store(engine);
  Linker linker;
  auto memory = Memory::create(store, MemoryType{{1, std::nullopt}});
  ASSERT_TRUE(memory);
  linker.define("env", "memory", *memory);
  Module module = compileWat(engine, R"((module
    (import "env" "memory" (memory 1))
    (data (i32.const 0) "hello")
    (data (i32.const 65534) "abc")
    (data (i32.const 100) "never"))
  )");
  Error error = instantiationError(linker, store, module);
  EXPECT_EQ(error.kind, ErrorKind::Trap);
  EXPECT_EQ(error.message, "out of bounds memory access");
  ASSERT_TRUE(error.trap);
  EXPECT_EQ(error.trap->code, TrapCode::HeapAccessOutOfBounds);
  EXPECT_EQ(std::memcmp(memory->data(), "hello", 5), 0);
  // Nothing of the failing segment is written, nor of any later one.
  EXPECT_EQ(memory->data()[65534], 0);
  EXPECT_EQ(memory->data()[100], 0);
}

TEST(Instantiation, ElementSegmentsRunBeforeDataSegments) {
  Engine engine;
  Store store(engine);
  Linker linker;
  auto memory = Memory::create(store, MemoryType{{1, std::nullopt}});
  auto table = Table::create(store, TableType{ValType::FuncRef, {2, std::nullopt}},
                             Val::nullRef(ValType::FuncRef));
  ASSERT_TRUE(memory && table);
  linker.define("env", "memory", *memory);
  linker.define("env", "table", *table);
  Module module = compileWat(engine, R"((module
    (import "env" "memory" (memory 1))
    (import "env" "table" (table 2 funcref))
    (func $f)
    (data (i32.const 0) "data")
    (elem (i32.const 0) $f)
    (elem (i32.const 2) $f))
  )");
  Error error = instantiationError(linker, store, module);
  EXPECT_EQ(error.kind, ErrorKind::Trap);
  EXPECT_EQ(error.message, "out of bounds table access");
  // The first element segment was applied; the data segment never ran.
  EXPECT_FALSE(table->get(0)->isNullRef());
  EXPECT_TRUE(table->get(1)->isNullRef());
  EXPECT_EQ(memory->data()[0], 0);
}

TEST(Instantiation, EmptySegmentPastTheEndTraps) {
  Engine engine;
  Store store(engine);
  Module module = compileWat(engine, R"((module
    (memory 1)
    (data (i32.const 65537) ""))
  )");
  Error error = instantiationError(Linker(), store, module);
  EXPECT_EQ(error.kind, ErrorKind::Trap);
  EXPECT_EQ(error.message, "out of bounds memory access");
}

TEST(Instantiation, UnknownImport) {
  Engine engine;
  Store store(engine);
  Module module = compileWat(engine, R"((module (import "env" "missing" (func))))");
  Error error = instantiationError(Linker(), store, module);
  EXPECT_EQ(error.kind, ErrorKind::Link);
  EXPECT_EQ(error.message, "unknown import: env.missing: expected func () -> ()");
}

TEST(Instantiation, LinkErrorListsEveryUnresolvedImportWithItsType) {
  Engine engine;
  Store store(engine);
  Linker linker;
  linker.define("env", "limit", *Global::create(store, GlobalType{ValType::I64, false},
                                                Val::i64(1)));
  Module module = compileWat(engine, R"((module
    (import "env" "puts" (func (param i32) (result i32)))
    (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
    (import "env" "memory" (memory 1 2))
    (import "env" "table" (table 3 externref))
    (import "env" "limit" (global (mut i64)))
    (import "env" "counter" (global i32)))
  )");
  Error error = instantiationError(linker, store, module);
  EXPECT_EQ(error.kind, ErrorKind::Link);
  EXPECT_EQ(error.message,
            "unknown import: env.puts: expected func (i32) -> (i32)\n"
            "unknown import: wasi_snapshot_preview1.proc_exit: expected func (i32) -> ()\n"
            "unknown import: env.memory: expected memory {min 1, max 2}\n"
            "unknown import: env.table: expected table externref {min 3}\n"
            "incompatible import type: env.limit: expected global (mut i64), found global i64\n"
            "unknown import: env.counter: expected global i32");
  // Nothing was created: the store holds no instance of the module.
  EXPECT_FALSE(error.offset);
  EXPECT_FALSE(error.trap);
}

class LinkErrors : public ::testing::Test {
 protected:
  LinkErrors() : store(engine) {
    linker.defineFunc(store, "env", "f", FuncType{{ValType::I32}, {}},
                      [](Caller&, std::span<const Val>, std::span<Val>) {
                        return std::optional<Error>();
                      });
    linker.define("env", "memory", *Memory::create(store, MemoryType{{1, 2}}));
    linker.define("env", "table",
                  *Table::create(store, TableType{ValType::FuncRef, {1, std::nullopt}},
                                 Val::nullRef(ValType::FuncRef)));
    linker.define("env", "const",
                  *Global::create(store, GlobalType{ValType::I32, false}, Val::i32(7)));
    linker.define("env", "var",
                  *Global::create(store, GlobalType{ValType::I32, true}, Val::i32(7)));
  }

  /// The link error instantiating a module with the single import `import`.
  std::string linkError(const std::string& import) {
    Module module = compileWat(engine, "(module " + import + ")");
    Error error = instantiationError(linker, store, module);
    EXPECT_EQ(error.kind, ErrorKind::Link);
    return error.message;
  }

  Engine engine;
  Store store;
  Linker linker;
};

TEST_F(LinkErrors, WrongKind) {
  EXPECT_EQ(linkError(R"((import "env" "memory" (func)))"),
            "incompatible import type: env.memory: expected func () -> (), found memory {min 1, "
            "max 2}");
  EXPECT_EQ(linkError(R"((import "env" "f" (global i32)))"),
            "incompatible import type: env.f: expected global i32, found func (i32) -> ()");
}

TEST_F(LinkErrors, WrongFunctionType) {
  std::string message = linkError(R"((import "env" "f" (func (param i64))))");
  EXPECT_EQ(message.rfind("incompatible import type: env.f: expected func", 0), 0u) << message;
  EXPECT_NE(linkError(R"((import "env" "f" (func (param i32) (result i32))))")
                .find("incompatible import type"),
            std::string::npos);
}

TEST_F(LinkErrors, LimitsTooSmall) {
  EXPECT_EQ(linkError(R"((import "env" "memory" (memory 2)))"),
            "incompatible import type: env.memory: expected memory {min 2}, found memory "
            "{min 1, max 2}");
  // The import requires a maximum of at most 1; the memory's maximum is 2.
  EXPECT_NE(linkError(R"((import "env" "memory" (memory 1 1)))").find("incompatible import type"),
            std::string::npos);
  EXPECT_NE(linkError(R"((import "env" "table" (table 2 funcref)))")
                .find("incompatible import type"),
            std::string::npos);
  EXPECT_NE(linkError(R"((import "env" "table" (table 1 externref)))")
                .find("incompatible import type"),
            std::string::npos);
}

TEST_F(LinkErrors, GlobalMutabilityAndType) {
  EXPECT_EQ(linkError(R"((import "env" "const" (global (mut i32))))"),
            "incompatible import type: env.const: expected global (mut i32), found global i32");
  EXPECT_EQ(linkError(R"((import "env" "var" (global i32)))"),
            "incompatible import type: env.var: expected global i32, found global (mut i32)");
  EXPECT_NE(linkError(R"((import "env" "const" (global i64)))").find("incompatible import type"),
            std::string::npos);
}

TEST_F(LinkErrors, MatchingImportsLink) {
  Module module = compileWat(engine, R"((module
    (import "env" "f" (func (param i32)))
    (import "env" "memory" (memory 1 3))
    (import "env" "table" (table 0 funcref))
    (import "env" "const" (global i32))
    (import "env" "var" (global (mut i32))))
  )");
  EXPECT_TRUE(linker.instantiate(store, module));
}

TEST(Instantiation, ImportedMemoryIsSharedAndGrowsForAll) {
  Engine engine;
  Store store(engine);
  Linker linker;
  Module exporter = compileWat(engine, R"((module (memory (export "memory") 1 4)))");
  Instance first = instantiateOrFail(linker, store, exporter);
  linker.defineInstance("first", first);
  Module importer = compileWat(engine, R"((module
    (import "first" "memory" (memory 1))
    (export "memory" (memory 0))
    (data (i32.const 8) "shared"))
  )");
  Instance second = instantiateOrFail(linker, store, importer);

  Memory a = *first.getMemory("memory");
  Memory b = *second.getMemory("memory");
  EXPECT_EQ(std::memcmp(a.data() + 8, "shared", 6), 0);
  EXPECT_EQ(b.grow(2), 1u);
  EXPECT_EQ(a.pages(), 3u);
  EXPECT_EQ(b.pages(), 3u);
  a.data()[3 * 65536 - 1] = 42;
  EXPECT_EQ(b.data()[3 * 65536 - 1], 42);
  EXPECT_FALSE(a.grow(2));  // over the declared maximum of 4
}

TEST(Instantiation, GlobalsFromConstantExpressions) {
  Engine engine;
  Store store(engine);
  Linker linker;
  linker.define("env", "base",
                *Global::create(store, GlobalType{ValType::I32, false}, Val::i32(1000)));
  Module module = compileWat(engine, R"((module
    (import "env" "base" (global $base i32))
    (func $f)
    (global (export "i32") i32 (i32.const -5))
    (global (export "i64") i64 (i64.const 0x123456789))
    (global (export "f32") f32 (f32.const 1.5))
    (global (export "f64") (mut f64) (f64.const -2.25))
    (global (export "v128") v128 (v128.const i32x4 1 2 3 4))
    (global (export "null") externref (ref.null extern))
    (global (export "func") funcref (ref.func $f))
    (global (export "copy") i32 (global.get $base))
    (export "f" (func $f)))
  )");
  Instance instance = instantiateOrFail(linker, store, module);
  EXPECT_EQ(instance.getGlobal("i32")->get(), Val::i32(-5));
  EXPECT_EQ(instance.getGlobal("i64")->get(), Val::i64(0x123456789));
  EXPECT_EQ(instance.getGlobal("f32")->get(), Val::f32(1.5f));
  EXPECT_EQ(instance.getGlobal("f64")->get(), Val::f64(-2.25));
  EXPECT_EQ(instance.getGlobal("v128")->get(),
            Val::v128({1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0}));
  EXPECT_EQ(instance.getGlobal("null")->get(), Val::nullRef(ValType::ExternRef));
  EXPECT_EQ(instance.getGlobal("func")->get(), instance.getFunc("f")->toVal());
  EXPECT_EQ(instance.getGlobal("copy")->get(), Val::i32(1000));

  Global f64 = *instance.getGlobal("f64");
  EXPECT_TRUE(f64.set(Val::f64(3.0)));
  EXPECT_EQ(f64.get(), Val::f64(3.0));
  EXPECT_FALSE(f64.set(Val::i32(3)));
  EXPECT_FALSE(instance.getGlobal("i32")->set(Val::i32(1)));
}

TEST(Instantiation, GlobalOffsetsAndPassiveAndDeclarativeSegments) {
  Engine engine;
  Store store(engine);
  Linker linker;
  linker.define("env", "offset",
                *Global::create(store, GlobalType{ValType::I32, false}, Val::i32(3)));
  Module module = compileWat(engine, R"((module
    (import "env" "offset" (global $offset i32))
    (memory (export "memory") 1)
    (table (export "table") 6 funcref)
    (func $f (export "f"))
    (func $g)
    (elem (global.get $offset) func $f $g)
    (elem $passive func $g)
    (elem declare func $g)
    (data (global.get $offset) "xy")
    (data $passive "never"))
  )");
  Instance instance = instantiateOrFail(linker, store, module);
  Table table = *instance.getTable("table");
  EXPECT_TRUE(table.get(2)->isNullRef());
  EXPECT_EQ(*table.get(3), instance.getFunc("f")->toVal());
  EXPECT_FALSE(table.get(4)->isNullRef());
  EXPECT_TRUE(table.get(5)->isNullRef());
  Memory memory = *instance.getMemory("memory");
  EXPECT_EQ(std::memcmp(memory.data() + 3, "xy", 2), 0);
  EXPECT_EQ(memory.data()[5], 0);
}

// Extended constant expressions: i32/i64 add, sub and mul over constants and
// imported globals, wrapping as Wasm does, in global initialisers and in
// segment offsets, in both memory modes (the data offset is not a plain
// constant, so no memory image applies it: instantiation writes it).
class ExtendedConstants : public ::testing::TestWithParam<MemoryMode> {};

TEST_P(ExtendedConstants, InGlobalsAndSegmentOffsets) {
  Config config;
  config.memoryMode = GetParam();
  Engine engine(config);
  Store store(engine);
  Linker linker;
  linker.define("env", "base",
                *Global::create(store, GlobalType{ValType::I32, false}, Val::i32(100)));
  linker.define("env", "big",
                *Global::create(store, GlobalType{ValType::I64, false}, Val::i64(INT64_MAX)));
  Module module = compileWat(engine, R"((module
    (import "env" "base" (global $base i32))
    (import "env" "big" (global $big i64))
    (memory (export "memory") 1)
    (table (export "table") 8 funcref)
    (func $f (export "f"))
    (global $sum (export "sum") i32 (i32.add (global.get $base) (i32.const 23)))
    (global (export "nested") i32
      (i32.sub (i32.mul (global.get $sum) (i32.const 3)) (i32.const 9)))
    (global (export "wrap32") i32 (i32.mul (i32.const 0x10000) (i32.const 0x10001)))
    (global (export "wrap64") i64 (i64.add (global.get $big) (i64.const 2)))
    (global (export "neg64") i64 (i64.sub (i64.const 0) (i64.mul (i64.const 3) (i64.const 7))))
    (elem (i32.sub (global.get $base) (i32.const 95)) func $f)
    (data (i32.add (global.get $base) (i32.const 1)) "xy"))
  )");
  Instance instance = instantiateOrFail(linker, store, module);
  EXPECT_EQ(instance.getGlobal("sum")->get(), Val::i32(123));
  EXPECT_EQ(instance.getGlobal("nested")->get(), Val::i32(360));
  EXPECT_EQ(instance.getGlobal("wrap32")->get(), Val::i32(0x10000));
  EXPECT_EQ(instance.getGlobal("wrap64")->get(), Val::i64(INT64_MIN + 1));
  EXPECT_EQ(instance.getGlobal("neg64")->get(), Val::i64(-21));
  Table table = *instance.getTable("table");
  EXPECT_TRUE(table.get(4)->isNullRef());
  EXPECT_EQ(*table.get(5), instance.getFunc("f")->toVal());
  Memory memory = *instance.getMemory("memory");
  EXPECT_EQ(memory.data()[100], 0);
  EXPECT_EQ(std::memcmp(memory.data() + 101, "xy", 2), 0);
}

TEST_P(ExtendedConstants, OffsetOutOfBoundsTraps) {
  Config config;
  config.memoryMode = GetParam();
  Engine engine(config);
  Store store(engine);
  Linker linker;
  Module module = compileWat(engine, R"((module
    (memory 1)
    (data (i32.mul (i32.const 0x8000) (i32.const 2)) "x"))
  )");
  Error error = instantiationError(linker, store, module);
  EXPECT_EQ(error.kind, ErrorKind::Trap);
  EXPECT_EQ(error.message, "out of bounds memory access");
}

INSTANTIATE_TEST_SUITE_P(MemoryModes, ExtendedConstants,
                         ::testing::Values(MemoryMode::GuardPages, MemoryMode::BoundsChecks));

TEST(Instantiation, ExportsAndModuleTypes) {
  Engine engine;
  Store store(engine);
  Module module = compileWat(engine, R"((module
    (import "env" "g" (global (mut i64)))
    (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    (memory (export "mem") 2 5)
    (table (export "tab") 1 externref))
  )");
  std::vector<ImportType> imports = module.imports();
  ASSERT_EQ(imports.size(), 1u);
  EXPECT_EQ(imports[0].module, "env");
  EXPECT_EQ(imports[0].name, "g");
  EXPECT_EQ(imports[0].type.kind, ExternKind::Global);
  EXPECT_EQ(imports[0].type.global, (GlobalType{ValType::I64, true}));
  std::vector<ExportType> exports = module.exports();
  ASSERT_EQ(exports.size(), 3u);
  EXPECT_EQ(exports[0].name, "add");
  EXPECT_EQ(exports[0].type.func, (FuncType{{ValType::I32, ValType::I32}, {ValType::I32}}));
  EXPECT_EQ(exports[1].type.memory, (MemoryType{{2, 5}}));
  EXPECT_EQ(exports[2].type.table, (TableType{ValType::ExternRef, {1, std::nullopt}}));

  Linker linker;
  linker.define("env", "g", *Global::create(store, GlobalType{ValType::I64, true}, Val::i64(1)));
  Instance instance = instantiateOrFail(linker, store, module);
  auto all = instance.exports();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].first, "add");
  EXPECT_EQ(all[0].second.kind(), ExternKind::Func);
  EXPECT_EQ(all[1].second.kind(), ExternKind::Memory);
  EXPECT_EQ(all[2].second.kind(), ExternKind::Table);
  EXPECT_FALSE(instance.getExport("nothing"));
  EXPECT_FALSE(instance.getMemory("add"));
}

}  // namespace
}  // namespace kiln::test
