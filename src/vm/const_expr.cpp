#include "vm/const_expr.h"

#include <cstring>
#include <vector>

#include "binary/instruction_reader.h"
#include "vm/instance.h"

namespace kiln {

namespace {

bool isArithmetic(Opcode opcode) {
  switch (opcode) {
    case Opcode::I32Const:
    case Opcode::I64Const:
    case Opcode::GlobalGet:
    case Opcode::I32Add:
    case Opcode::I32Sub:
    case Opcode::I32Mul:
    case Opcode::I64Add:
    case Opcode::I64Sub:
    case Opcode::I64Mul:
    case Opcode::End:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool isEvaluable(const WasmModule& module, const ConstExpr& expr) {
  if (expr.kind != ConstExpr::Kind::Other) return true;
  // The validator has read these bytes already: they decode.
  InstructionReader reader(module.bytes, expr.offset, expr.endOffset);
  while (!reader.atEnd()) {
    if (!isArithmetic(reader.next().opcode)) return false;
  }
  return true;
}

VMGlobalDefinition VMInstance::evaluate(const ConstExpr& expr) const {
  VMGlobalDefinition value{};
  switch (expr.kind) {
    case ConstExpr::Kind::I32Const:
    case ConstExpr::Kind::I64Const:
    case ConstExpr::Kind::F32Const:
    case ConstExpr::Kind::F64Const:
    case ConstExpr::Kind::V128Const:
      // Bits are little-endian at offset 0 in both the payload and the slot.
      std::memcpy(value.v128, &expr.bits, 8);
      std::memcpy(value.v128 + 8, &expr.bitsHigh, 8);
      return value;
    case ConstExpr::Kind::RefNull:
      return value;
    case ConstExpr::Kind::RefFunc:
      value.ref = funcRef(FuncIndex(expr.index));
      return value;
    case ConstExpr::Kind::GlobalGet:
      return *globals_[expr.index]->definition();
    case ConstExpr::Kind::Other:
      break;
  }
  // Extended constant expressions (isEvaluable): validation typed the
  // sequence, so every operator finds its operands. i32 results are kept
  // zero-extended, as an i32 global's slot holds them.
  std::vector<uint64_t> stack;
  InstructionReader reader(module_->bytes, expr.offset, expr.endOffset);
  auto pop = [&stack] {
    uint64_t top = stack.back();
    stack.pop_back();
    return top;
  };
  auto binary32 = [&](auto operation) {
    uint32_t rhs = uint32_t(pop());
    uint32_t lhs = uint32_t(pop());
    stack.push_back(uint32_t(operation(lhs, rhs)));
  };
  auto binary64 = [&](auto operation) {
    uint64_t rhs = pop();
    uint64_t lhs = pop();
    stack.push_back(operation(lhs, rhs));
  };
  while (!reader.atEnd()) {
    const Instruction& instruction = reader.next();
    switch (instruction.opcode) {
      case Opcode::I32Const: stack.push_back(uint32_t(instruction.value)); break;
      case Opcode::I64Const: stack.push_back(instruction.value); break;
      case Opcode::GlobalGet: {
        uint64_t bits;
        std::memcpy(&bits, globals_[instruction.index]->definition()->v128, 8);
        stack.push_back(bits);
        break;
      }
      // Unsigned arithmetic wraps as Wasm's does.
      case Opcode::I32Add: binary32([](uint32_t a, uint32_t b) { return a + b; }); break;
      case Opcode::I32Sub: binary32([](uint32_t a, uint32_t b) { return a - b; }); break;
      case Opcode::I32Mul: binary32([](uint32_t a, uint32_t b) { return a * b; }); break;
      case Opcode::I64Add: binary64([](uint64_t a, uint64_t b) { return a + b; }); break;
      case Opcode::I64Sub: binary64([](uint64_t a, uint64_t b) { return a - b; }); break;
      case Opcode::I64Mul: binary64([](uint64_t a, uint64_t b) { return a * b; }); break;
      default: break;  // End
    }
  }
  std::memcpy(value.v128, &stack.back(), 8);
  return value;
}

}  // namespace kiln
