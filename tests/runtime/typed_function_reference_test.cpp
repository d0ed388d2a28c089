// Typed function references through the API and across instances: a
// funcref Val carries its function, whose type the host can check; globals,
// tables and parameters of (ref $t) accept exactly the functions of type $t
// (checked by canonical type, whichever module defined $t); imports of typed
// globals match across modules by structure; call_ref through a reference
// that another instance made.
#include <gtest/gtest.h>

#include <string>

#include "runtime_test_util.h"

namespace kiln::test {
namespace {

constexpr std::string_view kProvider = R"((module
  (type $t (func (param i32) (result i32)))
  (func $inc (export "inc") (type $t) (i32.add (local.get 0) (i32.const 1)))
  (func (export "other") (param i64) (result i64) (local.get 0))
  (global (export "inc-ref") (ref $t) (ref.func $inc))
  (global (export "slot") (mut (ref null $t)) (ref.null $t))
  (table (export "table") 2 (ref null $t))
  (func (export "call-slot") (param i32) (result i32)
    (call_ref $t (local.get 0) (global.get 1)))
  (func (export "apply") (param $f (ref $t)) (param i32) (result i32)
    (call_ref $t (local.get 1) (local.get $f))))
)";

class TypedFunctionReferenceTest : public ::testing::Test {
 protected:
  Engine engine;
  Store store{engine};
  Instance provider = instantiateOrFail(Linker(), store, compileWat(engine, kProvider));
};

TEST_F(TypedFunctionReferenceTest, AFuncrefValCarriesItsFunctionAndItsType) {
  Val ref = provider.getGlobal("inc-ref")->get();
  EXPECT_EQ(ref.type(), ValType::ref(HeapType::kFunc, false));
  std::optional<Func> inc = Func::fromVal(store, ref);
  ASSERT_TRUE(inc);
  EXPECT_EQ(inc->type(), (FuncType{{ValType::I32}, {ValType::I32}}));
  auto result = inc->call(std::vector{Val::i32(41)});
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ((*result)[0].i32(), 42);
}

TEST_F(TypedFunctionReferenceTest, GlobalsAndTablesOfATypedReferenceTakeOnlyFunctionsOfThatType) {
  Global slot = *provider.getGlobal("slot");
  Table table = *provider.getTable("table");
  Val inc = provider.getFunc("inc")->toVal();
  Val other = provider.getFunc("other")->toVal();
  EXPECT_FALSE(slot.set(other));
  EXPECT_FALSE(table.set(0, other));
  EXPECT_FALSE(table.grow(1, other));
  EXPECT_FALSE(slot.set(Val::externRef(nullptr)));

  ASSERT_TRUE(slot.set(inc));
  ASSERT_TRUE(table.set(1, inc));
  auto called = provider.getFunc("call-slot")->call(std::vector{Val::i32(9)});
  ASSERT_TRUE(called) << called.error().message;
  EXPECT_EQ((*called)[0].i32(), 10);
  EXPECT_EQ(Func::fromVal(store, *table.get(1))->type(), provider.getFunc("inc")->type());

  // Null fits the nullable global, then call_ref through it traps.
  ASSERT_TRUE(slot.set(Val::nullRef(ValType::FuncRef)));
  auto null = provider.getFunc("call-slot")->call(std::vector{Val::i32(9)});
  ASSERT_FALSE(null);
  ASSERT_TRUE(null.error().trap);
  EXPECT_EQ(null.error().trap->code, TrapCode::NullFunctionReference);
}

TEST_F(TypedFunctionReferenceTest, AParameterOfANonNullTypedReferenceIsCheckedByTheFunctionsType) {
  Func apply = *provider.getFunc("apply");
  auto good = apply.call(std::vector{provider.getFunc("inc")->toVal(), Val::i32(1)});
  ASSERT_TRUE(good) << good.error().message;
  EXPECT_EQ((*good)[0].i32(), 2);
  auto wrongType = apply.call(std::vector{provider.getFunc("other")->toVal(), Val::i32(1)});
  ASSERT_FALSE(wrongType);
  EXPECT_EQ(wrongType.error().kind, ErrorKind::Link);
  auto null = apply.call(std::vector{Val::nullRef(ValType::FuncRef), Val::i32(1)});
  ASSERT_FALSE(null);
  EXPECT_EQ(null.error().kind, ErrorKind::Link);
}

TEST_F(TypedFunctionReferenceTest, TypedImportsMatchAcrossModulesByStructureAndCallRefCrossesInstances) {
  Linker linker;
  linker.defineInstance("provider", provider);
  // Its own $u, equal in structure to the provider's $t (declared second
  // here, so its index differs too).
  Instance user = instantiateOrFail(linker, store, compileWat(engine, R"((module
    (type $other (func))
    (type $u (func (param i32) (result i32)))
    (import "provider" "inc-ref" (global $inc (ref $u)))
    (import "provider" "table" (table $table 2 (ref null $u)))
    (func (export "twice") (param i32) (result i32)
      (call_ref $u (call_ref $u (local.get 0) (global.get $inc)) (global.get $inc)))
    (func (export "from-table") (param i32) (result i32)
      (call_ref $u (local.get 0) (table.get $table (i32.const 1)))))
  )"));
  auto twice = user.getFunc("twice")->call(std::vector{Val::i32(5)});
  ASSERT_TRUE(twice) << twice.error().message;
  EXPECT_EQ((*twice)[0].i32(), 7);
  ASSERT_TRUE(provider.getTable("table")->set(1, provider.getFunc("inc")->toVal()));
  auto fromTable = user.getFunc("from-table")->call(std::vector{Val::i32(1)});
  ASSERT_TRUE(fromTable) << fromTable.error().message;
  EXPECT_EQ((*fromTable)[0].i32(), 2);

  // A global of another function type does not satisfy the import.
  Module mismatched = compileWat(engine, R"((module
    (type $v (func (param i64) (result i64)))
    (import "provider" "inc-ref" (global (ref $v))))
  )");
  EXPECT_EQ(instantiationError(linker, store, mismatched).kind, ErrorKind::Link);
}

}  // namespace
}  // namespace kiln::test
