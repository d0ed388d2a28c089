// Store limits (kiln/store_limits.h): each cap at its edge, growth from Wasm
// and from the host, a refused instantiation giving its budget back, the
// host's ResourceLimiter, in both memory modes.
#include <gtest/gtest.h>

#include <cstring>
#include <stdexcept>
#include <string>

#include "runtime_test_util.h"

namespace kiln::test {
namespace {

constexpr uint64_t kPage = 65536;

// A memory of `pages` pages that Wasm can grow and write, and a table of
// `elements` it can grow.
std::string growerModule(uint32_t pages, uint32_t elements) {
  return "(module (memory (export \"memory\") " + std::to_string(pages) +
         ") (table (export \"table\") " + std::to_string(elements) + " funcref)" +
         R"((data (i32.const 0) "kept")
            (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
            (func (export "growTable") (param i32) (result i32)
              (table.grow (ref.null func) (local.get 0)))
            (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
            (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))))";
}

int32_t callI32(const Instance& instance, const char* name, std::initializer_list<Val> args) {
  auto results = instance.getFunc(name)->call(std::vector<Val>(args));
  EXPECT_TRUE(results) << results.error().toString();
  return results && !results->empty() ? (*results)[0].i32() : INT32_MIN;
}

/// The instance's data segment ("kept" at 0) is intact.
bool keepsItsData(const Instance& instance) {
  return std::memcmp(instance.getMemory("memory")->data(), "kept", 4) == 0;
}

class StoreLimitsTest : public ::testing::TestWithParam<MemoryMode> {
 protected:
  Engine engine{[] {
    Config config;
    config.memoryMode = GetParam();
    return config;
  }()};
  Store store{engine};
  Linker linker;
};

TEST_P(StoreLimitsTest, UnlimitedByDefaultAndUsageCounted) {
  EXPECT_EQ(store.limits().memoryBytes, StoreLimits::kUnlimited);
  EXPECT_EQ(store.limits().instances, StoreLimits::kUnlimited);
  Module module = compileWat(engine, growerModule(2, 3));
  instantiateOrFail(linker, store, module);
  instantiateOrFail(linker, store, module);
  StoreUsage usage = store.usage();
  EXPECT_EQ(usage.memoryBytes, 4 * kPage);
  EXPECT_EQ(usage.tableElements, 6u);
  EXPECT_EQ(usage.instances, 2u);
  EXPECT_EQ(usage.memories, 2u);
  EXPECT_EQ(usage.tables, 2u);
}

TEST_P(StoreLimitsTest, MemoryBytesAtTheEdgeOfInstantiation) {
  store.setLimits({.memoryBytes = 3 * kPage});
  Instance first = instantiateOrFail(linker, store, compileWat(engine, growerModule(2, 0)));
  // Exactly the limit.
  Instance second = instantiateOrFail(linker, store, compileWat(engine, growerModule(1, 0)));
  // One page over.
  Error error = instantiationError(linker, store, compileWat(engine, growerModule(1, 0)));
  EXPECT_EQ(error.kind, ErrorKind::Resource);
  EXPECT_EQ(error.message,
            "store limit on linear-memory bytes exceeded: 196608 in use + 65536 requested > "
            "196608");
  EXPECT_EQ(store.usage().memoryBytes, 3 * kPage);
  EXPECT_EQ(store.usage().instances, 2u);
  EXPECT_EQ(store.usage().memories, 2u);
  // The others and their data survive, and still run.
  EXPECT_TRUE(keepsItsData(first));
  EXPECT_TRUE(keepsItsData(second));
  callI32(first, "store", {Val::i32(70000), Val::i32(9)});
  EXPECT_EQ(callI32(first, "load", {Val::i32(70000)}), 9);
}

TEST_P(StoreLimitsTest, MemoryGrowFromWasmReturnsMinusOneOverTheBudget) {
  store.setLimits({.memoryBytes = 5 * kPage});
  Instance a = instantiateOrFail(linker, store, compileWat(engine, growerModule(1, 0)));
  Instance b = instantiateOrFail(linker, store, compileWat(engine, growerModule(2, 0)));
  callI32(b, "store", {Val::i32(100000), Val::i32(42)});
  EXPECT_EQ(callI32(a, "grow", {Val::i32(3)}), -1);  // 6 pages: one over
  EXPECT_EQ(a.getMemory("memory")->pages(), 1u);
  EXPECT_EQ(callI32(a, "grow", {Val::i32(2)}), 1);  // exactly 5
  EXPECT_EQ(callI32(a, "grow", {Val::i32(1)}), -1);
  EXPECT_EQ(callI32(b, "grow", {Val::i32(1)}), -1);
  EXPECT_EQ(callI32(a, "grow", {Val::i32(0)}), 3);  // growing by nothing always works
  EXPECT_EQ(store.usage().memoryBytes, 5 * kPage);
  // The grown pages are usable, nothing of b was touched.
  callI32(a, "store", {Val::i32(3 * 65536 - 1), Val::i32(7)});
  EXPECT_EQ(callI32(a, "load", {Val::i32(3 * 65536 - 1)}), 7);
  EXPECT_EQ(callI32(b, "load", {Val::i32(100000)}), 42);
  EXPECT_TRUE(keepsItsData(a));
  EXPECT_TRUE(keepsItsData(b));
}

TEST_P(StoreLimitsTest, GrowingAnImportedMemoryChargesItsStore) {
  store.setLimits({.memoryBytes = 2 * kPage});
  auto memory = Memory::create(store, MemoryType{{1, std::nullopt}});
  ASSERT_TRUE(memory);
  linker.define("env", "memory", *memory);
  Instance importer = instantiateOrFail(linker, store, compileWat(engine, R"((module
    (import "env" "memory" (memory 1))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))))"));
  EXPECT_EQ(store.usage().memories, 1u);  // an import is not a memory of its own
  EXPECT_EQ(callI32(importer, "grow", {Val::i32(2)}), -1);
  EXPECT_EQ(callI32(importer, "grow", {Val::i32(1)}), 1);
  EXPECT_EQ(memory->pages(), 2u);
  EXPECT_EQ(store.usage().memoryBytes, 2 * kPage);
}

TEST_P(StoreLimitsTest, HostSideMemoryGrowthAndCreation) {
  store.setLimits({.memoryBytes = 4 * kPage, .memories = 2});
  auto first = Memory::create(store, MemoryType{{1, std::nullopt}});
  ASSERT_TRUE(first);
  EXPECT_FALSE(first->grow(4));
  EXPECT_EQ(first->grow(3), 1u);  // exactly the limit
  EXPECT_EQ(first->pages(), 4u);
  EXPECT_FALSE(first->grow(1));
  EXPECT_FALSE(Memory::create(store, MemoryType{{1, std::nullopt}}));  // bytes
  auto second = Memory::create(store, MemoryType{{0, std::nullopt}});   // the second memory
  ASSERT_TRUE(second);
  EXPECT_FALSE(Memory::create(store, MemoryType{{0, std::nullopt}}));  // a third
  EXPECT_EQ(store.usage().memories, 2u);
  EXPECT_EQ(store.usage().memoryBytes, 4 * kPage);
}

TEST_P(StoreLimitsTest, TableElementsAtTheEdge) {
  store.setLimits({.tableElements = 10});
  Instance a = instantiateOrFail(linker, store, compileWat(engine, growerModule(1, 4)));
  EXPECT_EQ(callI32(a, "growTable", {Val::i32(7)}), -1);  // 11
  EXPECT_EQ(callI32(a, "growTable", {Val::i32(6)}), 4);   // exactly 10
  EXPECT_EQ(callI32(a, "growTable", {Val::i32(1)}), -1);
  EXPECT_EQ(a.getTable("table")->size(), 10u);
  Error error = instantiationError(linker, store, compileWat(engine, growerModule(1, 1)));
  EXPECT_EQ(error.kind, ErrorKind::Resource);
  EXPECT_EQ(error.message, "store limit on table elements exceeded: 10 in use + 1 requested > 10");
  // A module with an empty table still fits.
  instantiateOrFail(linker, store, compileWat(engine, growerModule(1, 0)));
  // Host side: creation and growth.
  Val null = Val::nullRef(ValType::FuncRef);
  EXPECT_FALSE(Table::create(store, TableType{ValType::FuncRef, {1, std::nullopt}}, null));
  EXPECT_FALSE(a.getTable("table")->grow(1, null));
  store.setLimits({.tableElements = 12});
  auto table = Table::create(store, TableType{ValType::FuncRef, {1, std::nullopt}}, null);
  ASSERT_TRUE(table);
  EXPECT_EQ(table->grow(1, null), 1u);
  EXPECT_FALSE(table->grow(1, null));
  EXPECT_EQ(store.usage().tableElements, 12u);
}

TEST_P(StoreLimitsTest, TenTablesOfTenMillionElementsRefusedCleanly) {
  store.setLimits({.tableElements = 15'000'000});
  std::string wat = "(module";
  for (int i = 0; i < 10; ++i) wat += " (table 10000000 funcref)";
  Module huge = compileWat(engine, wat + ")");
  Instance before = instantiateOrFail(linker, store, compileWat(engine, growerModule(1, 2)));
  Error error = instantiationError(linker, store, huge);
  EXPECT_EQ(error.kind, ErrorKind::Resource);
  EXPECT_EQ(error.message,
            "store limit on table elements exceeded: 10000002 in use + 10000000 requested > "
            "15000000");
  // The first table, created before the second was refused, gave its
  // elements back; the store counts no instance, memory or table of it.
  StoreUsage usage = store.usage();
  EXPECT_EQ(usage.tableElements, 2u);
  EXPECT_EQ(usage.instances, 1u);
  EXPECT_EQ(usage.tables, 1u);
  EXPECT_EQ(usage.memoryBytes, kPage);
  EXPECT_TRUE(keepsItsData(before));
  EXPECT_EQ(callI32(before, "growTable", {Val::i32(1)}), 2);
  instantiateOrFail(linker, store, compileWat(engine, growerModule(1, 2)));
}

TEST_P(StoreLimitsTest, ARefusedInstantiationGivesItsMemoryBack) {
  // The memory is created (and charged) before the table is refused.
  store.setLimits({.memoryBytes = 2 * kPage, .tableElements = 1});
  Error error = instantiationError(linker, store, compileWat(engine, growerModule(2, 5)));
  EXPECT_EQ(error.kind, ErrorKind::Resource);
  EXPECT_EQ(store.usage().memoryBytes, 0u);
  EXPECT_EQ(store.usage().tableElements, 0u);
  Instance fits = instantiateOrFail(linker, store, compileWat(engine, growerModule(2, 1)));
  EXPECT_TRUE(keepsItsData(fits));
}

TEST_P(StoreLimitsTest, CountsOfInstancesMemoriesAndTables) {
  Module noMemory = compileWat(engine, "(module (func (export \"f\")))");
  Module withBoth = compileWat(engine, growerModule(1, 1));
  store.setLimits({.instances = 2});
  instantiateOrFail(linker, store, noMemory);
  instantiateOrFail(linker, store, noMemory);
  Error error = instantiationError(linker, store, noMemory);
  EXPECT_EQ(error.kind, ErrorKind::Resource);
  EXPECT_EQ(error.message, "store limit on instances exceeded: 2 in use + 1 requested > 2");

  store.setLimits({.memories = 1});
  instantiateOrFail(linker, store, withBoth);
  error = instantiationError(linker, store, withBoth);
  EXPECT_EQ(error.message, "store limit on memories exceeded: 1 in use + 1 requested > 1");
  instantiateOrFail(linker, store, noMemory);

  store.setLimits({.tables = 1});
  error = instantiationError(linker, store, withBoth);  // memories are unlimited again
  EXPECT_EQ(error.message, "store limit on tables exceeded: 1 in use + 1 requested > 1");
  EXPECT_FALSE(Table::create(store, TableType{ValType::FuncRef, {0, std::nullopt}},
                             Val::nullRef(ValType::FuncRef)));
  StoreUsage usage = store.usage();
  EXPECT_EQ(usage.instances, 4u);
  EXPECT_EQ(usage.memories, 1u);
  EXPECT_EQ(usage.tables, 1u);
}

TEST_P(StoreLimitsTest, AnInstanceWhoseInitialisationTrappedStillCounts) {
  store.setLimits({.instances = 1});
  Error error = instantiationError(linker, store, compileWat(engine, R"((module
    (memory 1) (data (i32.const 65536) "x")))"));
  EXPECT_EQ(error.kind, ErrorKind::Trap);
  EXPECT_EQ(store.usage().instances, 1u);
  error = instantiationError(linker, store, compileWat(engine, "(module)"));
  EXPECT_EQ(error.kind, ErrorKind::Resource);
}

/// Allows memories up to `maxBytes` each and records what it was asked.
class CappingLimiter : public ResourceLimiter {
 public:
  explicit CappingLimiter(uint64_t maxBytes) : maxBytes_(maxBytes) {}
  bool memoryGrowing(uint64_t current, uint64_t desired, uint64_t maximum) override {
    ++memoryCalls;
    lastCurrent = current;
    lastMaximum = maximum;
    return desired <= maxBytes_;
  }
  bool tableGrowing(uint64_t, uint64_t desired, uint64_t) override {
    if (desired > 100) throw std::runtime_error("a host's exception refuses");
    return true;
  }
  int memoryCalls = 0;
  uint64_t lastCurrent = 0;
  uint64_t lastMaximum = 0;

 private:
  uint64_t maxBytes_;
};

TEST_P(StoreLimitsTest, AResourceLimiterDecidesGrowth) {
  auto limiter = std::make_shared<CappingLimiter>(2 * kPage);
  store.setResourceLimiter(limiter);
  Instance a = instantiateOrFail(linker, store, compileWat(engine, R"((module
    (memory (export "memory") 1 50)
    (table 1 funcref)
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "growTable") (param i32) (result i32)
      (table.grow (ref.null func) (local.get 0)))))"));
  EXPECT_EQ(limiter->memoryCalls, 1);  // asked at creation
  EXPECT_EQ(callI32(a, "grow", {Val::i32(2)}), -1);
  EXPECT_EQ(limiter->lastCurrent, kPage);
  EXPECT_EQ(limiter->lastMaximum, 50 * kPage);
  EXPECT_EQ(callI32(a, "grow", {Val::i32(1)}), 1);
  EXPECT_EQ(store.usage().memoryBytes, 2 * kPage);  // a refusal takes nothing
  EXPECT_EQ(callI32(a, "growTable", {Val::i32(99)}), 1);
  EXPECT_EQ(callI32(a, "growTable", {Val::i32(1)}), -1);  // the limiter threw
  EXPECT_EQ(store.usage().tableElements, 100u);
  Error error = instantiationError(linker, store, compileWat(engine, "(module (memory 3))"));
  EXPECT_EQ(error.kind, ErrorKind::Resource);
  EXPECT_EQ(error.message,
            "the store's ResourceLimiter refused linear-memory bytes: from 0 to 196608");
  // The store's own limits are asked first.
  store.setLimits({.memoryBytes = 2 * kPage});
  int calls = limiter->memoryCalls;
  EXPECT_EQ(callI32(a, "grow", {Val::i32(1)}), -1);
  EXPECT_EQ(limiter->memoryCalls, calls);
}

TEST_P(StoreLimitsTest, LimitsLoweredBelowUsageRefuseOnlyMore) {
  Instance a = instantiateOrFail(linker, store, compileWat(engine, growerModule(3, 0)));
  store.setLimits({.memoryBytes = kPage});
  EXPECT_EQ(callI32(a, "grow", {Val::i32(1)}), -1);
  EXPECT_EQ(a.getMemory("memory")->pages(), 3u);
  EXPECT_TRUE(keepsItsData(a));
  Error error = instantiationError(linker, store, compileWat(engine, growerModule(1, 0)));
  EXPECT_EQ(error.kind, ErrorKind::Resource);
  EXPECT_EQ(error.message,
            "store limit on linear-memory bytes exceeded: 196608 in use + 65536 requested > 65536");
  // Nothing more is not more.
  instantiateOrFail(linker, store, compileWat(engine, "(module (memory 0))"));
}

INSTANTIATE_TEST_SUITE_P(Modes, StoreLimitsTest,
                         ::testing::Values(MemoryMode::GuardPages, MemoryMode::BoundsChecks),
                         [](const auto& info) {
                           return info.param == MemoryMode::GuardPages ? "GuardPages"
                                                                       : "BoundsChecks";
                         });

}  // namespace
}  // namespace kiln::test
