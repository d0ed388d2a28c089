// Every opcode of opcodes.def is either compiled or on the compiler's
// declared list of opcodes not compiled yet (x64::isCompiledYet): for each
// one, a module using it is built, validated and compiled, and compilation
// must succeed exactly when the opcode is compiled, and otherwise refuse the
// module naming the instruction.
#include <gtest/gtest.h>

#include <bit>
#include <string>

#include "../validate/module_builder.h"
#include "binary/opcode.h"
#include "compiler/compiled_module.h"
#include "compiler/x64/function_compiler.h"
#include "validate/parse_module.h"

namespace kiln::test {
namespace {

Bytes opcodeBytes(Opcode op) {
  const OpcodeInfo& info = opcodeInfo(op);
  if (info.prefix == 0) return {uint8_t(info.code)};
  return cat({{info.prefix}, uleb(info.code)});
}

// The immediates of a fixed-signature instruction, all referring to entity 0;
// nothing for the immediates of features the compiler does not take yet.
std::optional<Bytes> immediates(Opcode op) {
  const OpcodeInfo& info = opcodeInfo(op);
  const Bytes memArg = cat({uleb(info.width ? std::countr_zero(unsigned(info.width)) : 0), {0}});
  switch (info.immediate) {
    case ImmediateKind::None: return Bytes{};
    case ImmediateKind::MemArg: return memArg;
    case ImmediateKind::MemArgLane: return cat({memArg, {0}});
    case ImmediateKind::Lane: return Bytes{0};
    case ImmediateKind::MemoryIndex: return Bytes{0};
    case ImmediateKind::I32:
    case ImmediateKind::I64: return Bytes{0};
    case ImmediateKind::F32: return Bytes(4, 0);
    case ImmediateKind::F64: return Bytes(8, 0);
    case ImmediateKind::V128:
    case ImmediateKind::Shuffle: return Bytes(16, 0);
    case ImmediateKind::MemoryInit: return Bytes{0, 0};
    case ImmediateKind::Data: return Bytes{0};
    case ImmediateKind::MemoryCopy: return Bytes{0, 0};
    case ImmediateKind::TableInit: return Bytes{0, 0};
    case ImmediateKind::Elem: return Bytes{0};
    case ImmediateKind::TableCopy: return Bytes{0, 0};
    case ImmediateKind::Table: return Bytes{0};
    case ImmediateKind::ZeroByte: return Bytes{0};
    default: return std::nullopt;
  }
}

// A body of type (i32) -> () using `op` whose typing is special, or nothing
// for the opcodes every body uses anyway (end).
std::optional<Bytes> specialBody(Opcode op) {
  const Bytes code = opcodeBytes(op);
  const Bytes i32Zero = {0x41, 0x00};
  switch (op) {
    case Opcode::Unreachable: return cat({code, {0x0B}});
    case Opcode::Block:
    case Opcode::Loop: return cat({code, {0x40, 0x0B, 0x0B}});
    case Opcode::If: return cat({i32Zero, code, {0x40, 0x0B, 0x0B}});
    case Opcode::Else: return cat({i32Zero, {0x04, 0x40}, code, {0x0B, 0x0B}});
    case Opcode::End: return std::nullopt;
    case Opcode::Br: return cat({{0x02, 0x40}, code, {0x00, 0x0B, 0x0B}});
    case Opcode::BrIf: return cat({{0x02, 0x40}, i32Zero, code, {0x00, 0x0B, 0x0B}});
    case Opcode::BrTable: return cat({{0x02, 0x40}, i32Zero, code, {0x01, 0x00, 0x00, 0x0B, 0x0B}});
    case Opcode::Return: return cat({code, {0x0B}});
    case Opcode::Call: return cat({i32Zero, code, {0x00, 0x0B}});
    case Opcode::CallIndirect: return cat({i32Zero, i32Zero, code, {0x00, 0x00, 0x0B}});
    case Opcode::Drop: return cat({i32Zero, code, {0x0B}});
    case Opcode::Select: return cat({i32Zero, i32Zero, i32Zero, code, {0x1A, 0x0B}});
    case Opcode::SelectTyped:
      return cat({i32Zero, i32Zero, i32Zero, code, {0x01, 0x7F, 0x1A, 0x0B}});
    case Opcode::LocalGet: return cat({code, {0x00, 0x1A, 0x0B}});
    case Opcode::LocalSet: return cat({i32Zero, code, {0x00, 0x0B}});
    case Opcode::LocalTee: return cat({i32Zero, code, {0x00, 0x1A, 0x0B}});
    case Opcode::GlobalGet: return cat({code, {0x00, 0x1A, 0x0B}});
    case Opcode::GlobalSet: return cat({i32Zero, code, {0x00, 0x0B}});
    case Opcode::TableGet: return cat({i32Zero, code, {0x00, 0x1A, 0x0B}});
    case Opcode::TableSet: return cat({i32Zero, {0xD0, 0x70}, code, {0x00, 0x0B}});
    case Opcode::TableGrow: return cat({{0xD0, 0x70}, i32Zero, code, {0x00, 0x1A, 0x0B}});
    case Opcode::TableFill: return cat({i32Zero, {0xD0, 0x70}, i32Zero, code, {0x00, 0x0B}});
    case Opcode::RefNull: return cat({code, {0x70, 0x1A, 0x0B}});
    case Opcode::RefIsNull: return cat({{0xD0, 0x70}, code, {0x1A, 0x0B}});
    case Opcode::RefFunc: return cat({code, {0x00, 0x1A, 0x0B}});
    case Opcode::MemorySize: return cat({code, {0x00, 0x1A, 0x0B}});
    case Opcode::MemoryGrow: return cat({i32Zero, code, {0x00, 0x1A, 0x0B}});
    case Opcode::MemoryInit:
    case Opcode::MemoryCopy:
    case Opcode::TableInit:
    case Opcode::TableCopy: return cat({i32Zero, i32Zero, i32Zero, code, {0x00, 0x00, 0x0B}});
    case Opcode::MemoryFill: return cat({i32Zero, i32Zero, i32Zero, code, {0x00, 0x0B}});
    case Opcode::TableSize: return cat({code, {0x00, 0x1A, 0x0B}});
    case Opcode::ReturnCall: return cat({i32Zero, code, {0x00, 0x0B}});
    case Opcode::ReturnCallIndirect: return cat({i32Zero, i32Zero, code, {0x00, 0x00, 0x0B}});
    case Opcode::CallRef:
    case Opcode::ReturnCallRef: return cat({i32Zero, {0xD2, 0x00}, code, {0x00, 0x0B}});
    case Opcode::RefAsNonNull: return cat({{0xD0, 0x70}, code, {0x1A, 0x0B}});
    case Opcode::BrOnNull: return cat({{0x02, 0x40, 0xD0, 0x70}, code, {0x00, 0x1A, 0x0B, 0x0B}});
    case Opcode::BrOnNonNull:
      return cat({{0x02, 0x70, 0xD0, 0x70}, code, {0x00, 0xD0, 0x70, 0x0B, 0x1A, 0x0B}});
    // Exceptions: tag 0 is of type (i32) -> ().
    case Opcode::Throw: return cat({i32Zero, code, {0x00, 0x0B}});
    case Opcode::ThrowRef: return cat({{0xD0, 0x69}, code, {0x0B}});  // ref.null exn
    case Opcode::TryTable:  // (catch_all 0) inside a block
      return cat({{0x02, 0x40}, code, {0x40, 0x01, 0x02, 0x00, 0x0B, 0x0B, 0x0B}});
    case Opcode::Try:
    case Opcode::CatchAll: return cat({{0x06, 0x40, 0x19, 0x0B, 0x0B}});
    case Opcode::Catch: return cat({{0x06, 0x40}, code, {0x00, 0x1A, 0x0B, 0x0B}});
    case Opcode::Rethrow: return cat({{0x06, 0x40, 0x19}, code, {0x00, 0x0B, 0x0B}});
    case Opcode::Delegate: return cat({{0x02, 0x40, 0x06, 0x40}, code, {0x00, 0x0B, 0x0B}});
    default: return std::nullopt;
  }
}

// A body of type (i32) -> () that pushes the operands of `op`'s fixed
// signature, runs it and drops its result.
std::optional<Bytes> fixedSignatureBody(Opcode op) {
  std::optional<Bytes> opImmediates = immediates(op);
  if (!opImmediates) return std::nullopt;
  const SignatureTypes types = signatureTypes(opcodeInfo(op).signature);
  Bytes body;
  for (ValType param : types.params) {
    switch (param.kind()) {
      case ValKind::I32: body = cat({body, {0x41, 0x00}}); break;
      case ValKind::I64: body = cat({body, {0x42, 0x00}}); break;
      case ValKind::F32: body = cat({body, {0x43}, Bytes(4, 0)}); break;
      case ValKind::F64: body = cat({body, {0x44}, Bytes(8, 0)}); break;
      default: body = cat({body, {0xFD, 0x0C}, Bytes(16, 0)}); break;  // v128.const
    }
  }
  body = cat({body, opcodeBytes(op), *opImmediates});
  if (types.result) body.push_back(0x1A);
  body.push_back(0x0B);
  return body;
}

// A module with one of everything the bodies refer to: memory, table, a
// mutable i32 global, a tag of type (i32) -> (), an element segment naming
// function 0, a passive data segment, and function 0 of type (i32) -> ()
// with `body` and an i32 local.
Bytes moduleUsing(const Bytes& body) {
  ModuleBuilder builder;
  const uint32_t type = builder.addType({ValType::I32}, {});
  builder.addTable(ValType::FuncRef, 1);
  builder.addMemory(1);
  builder.addGlobal(ValType::I32, true, i32ConstExpr(0));
  builder.addTag(type);
  builder.addFunction(type, body, {{1, ValType::I32}});
  builder.addActiveElements({0});
  builder.setDataCount(1);  // and one passive data segment
  return builder.build();
}

TEST(OpcodeCoverage, EveryOpcodeIsCompiledOrDeclaredNotYet) {
  Config config;
  config.compileThreads = 1;
  int compiled = 0;
  int notYet = 0;
  int notYetWithoutBody = 0;
  for (size_t i = 0; i < kOpcodeCount; ++i) {
    const Opcode op = Opcode(i);
    const std::string name(opcodeInfo(op).name);
    std::optional<Bytes> body = opcodeInfo(op).signature == OperatorSignature::Special
                                    ? specialBody(op)
                                    : fixedSignatureBody(op);
    if (!body) {
      if (op == Opcode::End) continue;
      // Instructions of features the compiler does not take yet (tail
      // calls, exceptions, GC, ...) whose operands this test cannot build
      // yet; each gets a body when its feature is compiled.
      ASSERT_FALSE(x64::isCompiledYet(op)) << name << ": compiled, but has no test body";
      ++notYetWithoutBody;
      continue;
    }
    auto parsed = parseModule(moduleUsing(*body));
    if (!parsed && parsed.error().kind == ModuleErrorKind::Unsupported) {
      // A feature the front end declares unsupported (threads, ...).
      ASSERT_FALSE(x64::isCompiledYet(op)) << name << ": " << parsed.error().toString();
      ++notYetWithoutBody;
      continue;
    }
    ASSERT_TRUE(parsed) << name << ": test module invalid: " << parsed.error().toString();
    auto result = compileModule(*parsed, config);
    if (x64::isCompiledYet(op)) {
      EXPECT_TRUE(result) << name << ": " << (result ? "" : result.error().message);
      ++compiled;
    } else {
      ASSERT_FALSE(result) << name << " compiled, but is on the not-yet list";
      // The refusal names the instruction (its operands come from v128.const
      // and scalar constants, which are compiled).
      EXPECT_NE(result.error().message.find(name), std::string::npos)
          << name << ": " << result.error().message;
      ++notYet;
    }
  }
  EXPECT_EQ(compiled + notYet + notYetWithoutBody + 1, int(kOpcodeCount));
  EXPECT_GT(compiled, 180);
}

}  // namespace
}  // namespace kiln::test
