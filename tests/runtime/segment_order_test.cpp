// Segments at instantiation run in the spec's order (every active element
// segment, then every active data segment, as table.init / memory.init) and
// the first trap stops the rest, what came before staying written. A failed
// instance stays reachable through the funcrefs it put in an imported table,
// so its own memory must show exactly that order too, memory image or not.
// Every case runs in both memory modes.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "runtime_test_util.h"

namespace kiln::test {
namespace {

class SegmentOrderTest : public ::testing::TestWithParam<MemoryMode> {
 protected:
  SegmentOrderTest()
      : engine([] {
          Config config;
          config.memoryMode = GetParam();
          return config;
        }()),
        store(engine) {}

  /// Imports "env" "table" (a funcref table of `size`, created here).
  Table defineTable(uint32_t size) {
    auto table = Table::create(store, TableType{ValType::FuncRef, {size, std::nullopt}},
                               Val::nullRef(ValType::FuncRef));
    EXPECT_TRUE(table);
    linker.define("env", "table", *table);
    return *table;
  }

  Error expectTrap(const Module& module, TrapCode code) {
    Error error = instantiationError(linker, store, module);
    EXPECT_EQ(error.kind, ErrorKind::Trap) << error.toString();
    EXPECT_TRUE(error.trap && error.trap->code == code) << error.toString();
    return error;
  }

  /// Calls the funcref in `table` at `index` with `args`: its i32 result.
  int32_t callFromTable(const Table& table, uint32_t index, std::vector<Val> args) {
    auto func = Func::fromVal(store, *table.get(index));
    EXPECT_TRUE(func);
    if (!func) return -1;
    auto results = func->call(args);
    EXPECT_TRUE(results) << results.error().toString();
    return results && !results->empty() ? (*results)[0].i32() : -1;
  }

  Engine engine;
  Store store;
  Linker linker;
};

// The module's own memory, with data segments that qualify it for a memory
// image (constant offsets inside the minimum), and funcrefs to read and
// write it put in an imported table by the first element segment.
constexpr std::string_view kOwnMemoryWat = R"((module
  (import "env" "table" (table 2 funcref))
  (import "env" "offset" (global $offset i32))
  (memory 2)
  (func $peek (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func $poke (param i32 i32) (result i32) (i32.store8 (local.get 0) (local.get 1)) (i32.const 0))
  (elem (i32.const 0) $peek $poke)
  (elem (global.get $offset) $peek)
  (data (i32.const 0) "secret")
  (data (i32.const 70000) "more")
  (data (i32.const 131068) "end!"))
)";

TEST_P(SegmentOrderTest, ElementTrapHidesTheDataOfTheInstancesOwnMemory) {
  Table table = defineTable(2);
  linker.define("env", "offset", *Global::create(store, {ValType::I32, false}, Val::i32(2)));
  Module module = compileWat(engine, kOwnMemoryWat);
  expectTrap(module, TrapCode::TableAccessOutOfBounds);
  // The first element segment's funcrefs stay in the imported table; the
  // memory they reach was never written by a data segment.
  for (int32_t address : {0, 1, 5, 70000, 70003, 131068, 131071}) {
    EXPECT_EQ(callFromTable(table, 0, {Val::i32(address)}), 0) << address;
  }
  // It is an ordinary memory: writes through the funcref stick.
  EXPECT_EQ(callFromTable(table, 1, {Val::i32(3), Val::i32('x')}), 0);
  EXPECT_EQ(callFromTable(table, 0, {Val::i32(3)}), 'x');
  EXPECT_EQ(callFromTable(table, 0, {Val::i32(2)}), 0);

  // The same module instantiates when the offset fits: then the data is there,
  // in the new instance's memory only.
  Store other(engine);
  Linker fits;
  auto bigTable = Table::create(other, TableType{ValType::FuncRef, {3, std::nullopt}},
                                Val::nullRef(ValType::FuncRef));
  fits.define("env", "table", *bigTable);
  fits.define("env", "offset", *Global::create(other, {ValType::I32, false}, Val::i32(2)));
  instantiateOrFail(fits, other, module);
  auto peek = Func::fromVal(other, *bigTable->get(2));
  ASSERT_TRUE(peek);
  EXPECT_EQ(peek->call(std::vector{Val::i32(0)})->at(0), Val::i32('s'));
  EXPECT_EQ(peek->call(std::vector{Val::i32(131068)})->at(0), Val::i32('e'));
  EXPECT_EQ(callFromTable(table, 0, {Val::i32(0)}), 0);
}

TEST_P(SegmentOrderTest, ElementTrapWithAConstantOffset) {
  Table table = defineTable(1);
  Module module = compileWat(engine, R"((module
    (import "env" "table" (table 1 funcref))
    (memory 1)
    (func $peek (param i32) (result i32) (i32.load8_u (local.get 0)))
    (elem (i32.const 0) $peek)
    (elem (i32.const 1) $peek)
    (data (i32.const 16) "data"))
  )");
  expectTrap(module, TrapCode::TableAccessOutOfBounds);
  EXPECT_EQ(callFromTable(table, 0, {Val::i32(16)}), 0);
  EXPECT_EQ(callFromTable(table, 0, {Val::i32(19)}), 0);
}

TEST_P(SegmentOrderTest, ElementTrapLeavesNoDataInAnImportedMemory) {
  Table table = defineTable(2);
  auto memory = Memory::create(store, MemoryType{{1, std::nullopt}});
  ASSERT_TRUE(memory);
  linker.define("env", "memory", *memory);
  Module module = compileWat(engine, R"((module
    (import "env" "memory" (memory 1))
    (import "env" "table" (table 2 funcref))
    (func $peek (param i32) (result i32) (i32.load8_u (local.get 0)))
    (elem (i32.const 0) $peek)
    (elem (i32.const 1) $peek $peek)
    (data (i32.const 0) "data")
    (data (i32.const 65532) "tail"))
  )");
  expectTrap(module, TrapCode::TableAccessOutOfBounds);
  // The first element segment was applied; nothing of the trapping one (its
  // range is checked before anything is written), and no data segment ran.
  EXPECT_FALSE(table.get(0)->isNullRef());
  EXPECT_TRUE(table.get(1)->isNullRef());
  for (size_t i = 0; i < memory->size(); ++i) {
    if (memory->data()[i] != 0) {
      ADD_FAILURE() << "byte " << i << " written";
      break;
    }
  }
  EXPECT_EQ(callFromTable(table, 0, {Val::i32(0)}), 0);
}

TEST_P(SegmentOrderTest, DataTrapKeepsEarlierSegmentsOfAnImportedMemory) {
  auto memory = Memory::create(store, MemoryType{{1, std::nullopt}});
  ASSERT_TRUE(memory);
  linker.define("env", "memory", *memory);
  Module module = compileWat(engine, R"((module
    (import "env" "memory" (memory 1))
    (data (i32.const 0) "first")
    (data (i32.const 10) "second")
    (data (i32.const 65533) "over")
    (data (i32.const 100) "never"))
  )");
  expectTrap(module, TrapCode::HeapAccessOutOfBounds);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(memory->data()), 5), "first");
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(memory->data()) + 10, 6), "second");
  // Nothing of the trapping segment (checked before writing), nor of a later one.
  EXPECT_EQ(memory->data()[65533], 0);
  EXPECT_EQ(memory->data()[65535], 0);
  EXPECT_EQ(memory->data()[100], 0);
}

TEST_P(SegmentOrderTest, DataTrapKeepsEarlierSegmentsOfTheInstancesOwnMemory) {
  Table table = defineTable(1);
  Module module = compileWat(engine, R"((module
    (import "env" "table" (table 1 funcref))
    (memory 1)
    (func $peek (param i32) (result i32) (i32.load8_u (local.get 0)))
    (elem (i32.const 0) $peek)
    (data (i32.const 0) "first")
    (data (i32.const 65533) "over")
    (data (i32.const 100) "never"))
  )");
  expectTrap(module, TrapCode::HeapAccessOutOfBounds);
  EXPECT_EQ(callFromTable(table, 0, {Val::i32(0)}), 'f');
  EXPECT_EQ(callFromTable(table, 0, {Val::i32(4)}), 't');
  EXPECT_EQ(callFromTable(table, 0, {Val::i32(65533)}), 0);
  EXPECT_EQ(callFromTable(table, 0, {Val::i32(100)}), 0);
}

INSTANTIATE_TEST_SUITE_P(Modes, SegmentOrderTest,
                         ::testing::Values(MemoryMode::GuardPages, MemoryMode::BoundsChecks));

}  // namespace
}  // namespace kiln::test
