// Reference instructions (with br_on_null and br_on_non_null, branches on
// a reference) and table instructions. Table accesses go through
// the libcalls (each checks bounds and records its trap); ref.func is the
// address of the funcref inside the vmctx. Element indices are u64 for the
// libcalls of both table index types (an i32 is zero-extended in its
// register); only table.size and table.grow, whose results differ, have
// table64 variants.
#include "compiler/x64/function_compiler.h"

namespace kiln::x64 {

template <>
void FunctionCompiler::visit<Opcode::RefNull>(const Instruction& ins) {
  stack_.pushConstant(ValType::ref(ins.heapType, true), 0);
}

template <>
void FunctionCompiler::visit<Opcode::RefAsNonNull>(const Instruction&) {
  ValType type = stack_.top().type;
  Reg reg = stack_.popToRegister();
  a_.test(reg.gp64(), reg.gp64());
  a_.jz(trapLabel(TrapCode::NullReference));
  stack_.pushRegister(type.withNullable(false), reg);
}

// The branch carries the values below the reference; the reference stays
// when it is not null.
template <>
void FunctionCompiler::visit<Opcode::BrOnNull>(const Instruction& ins) {
  ValType type = stack_.top().type;
  Reg reg = stack_.popToRegister();
  a_.test(reg.gp64(), reg.gp64());
  branchIf(x86::CondCode::kZ, label(ins.index));
  stack_.pushRegister(type.withNullable(false), reg);
}

// The branch carries the values and the reference; the reference is
// dropped when it is null.
template <>
void FunctionCompiler::visit<Opcode::BrOnNonNull>(const Instruction& ins) {
  ValType type = stack_.top().type;
  Reg reg = stack_.popToRegister();
  a_.test(reg.gp64(), reg.gp64());
  stack_.pushRegister(type.withNullable(false), reg);
  branchIf(x86::CondCode::kNZ, label(ins.index));
  visit<Opcode::Drop>(ins);
}

template <>
void FunctionCompiler::visit<Opcode::RefIsNull>(const Instruction&) {
  Reg reg = stack_.popToRegister();
  a_.test(reg.gp64(), reg.gp64());
  stack_.free(reg);
  stack_.pushCondition(x86::CondCode::kE);
}

template <>
void FunctionCompiler::visit<Opcode::RefFunc>(const Instruction& ins) {
  Reg reg = stack_.allocateGp();
  a_.lea(reg.gp64(), x86::qword_ptr(x86::r14, int32_t(context_.offsets.funcRef(ins.index))));
  stack_.pushRegister(ValType::FuncRef, reg);
}

template <>
void FunctionCompiler::visit<Opcode::TableGet>(const Instruction& ins) {
  emitTableLibCall<LibCall::TableGet>(ins.index, module_.tableType(TableIndex(ins.index)).element,
                                      operand(0));
}

template <>
void FunctionCompiler::visit<Opcode::TableSet>(const Instruction& ins) {
  emitTableLibCall<LibCall::TableSet>(ins.index, std::nullopt, operand(0), operand(1));
}

template <>
void FunctionCompiler::visit<Opcode::TableSize>(const Instruction& ins) {
  if (tableAddressType(ins.index) == ValType::I64) {
    emitTableLibCall<LibCall::Table64Size>(ins.index, ValType::I64);
  } else {
    emitTableLibCall<LibCall::TableSize>(ins.index, ValType::I32);
  }
}

template <>
void FunctionCompiler::visit<Opcode::TableGrow>(const Instruction& ins) {
  // Operands: init value, delta. The libcall takes (delta, init).
  if (tableAddressType(ins.index) == ValType::I64) {
    emitTableLibCall<LibCall::Table64Grow>(ins.index, ValType::I64, operand(1), operand(0));
  } else {
    emitTableLibCall<LibCall::TableGrow>(ins.index, ValType::I32, operand(1), operand(0));
  }
}

template <>
void FunctionCompiler::visit<Opcode::TableFill>(const Instruction& ins) {
  emitTableLibCall<LibCall::TableFill>(ins.index, std::nullopt, operand(0), operand(1),
                                       operand(2));
}

template <>
void FunctionCompiler::visit<Opcode::TableCopy>(const Instruction& ins) {
  emitLibCall<LibCall::TableCopy>(std::nullopt, immediate(ins.index), immediate(ins.index2),
                                  operand(0), operand(1), operand(2));
}

template <>
void FunctionCompiler::visit<Opcode::TableInit>(const Instruction& ins) {
  // Immediates: element index, table index.
  emitTableLibCall<LibCall::TableInit>(ins.index2, std::nullopt, immediate(ins.index), operand(0),
                                       operand(1), operand(2));
}

ValType FunctionCompiler::tableAddressType(uint32_t index) const {
  return addressValType(module_.tableType(TableIndex(index)).addressType);
}

template <>
void FunctionCompiler::visit<Opcode::ElemDrop>(const Instruction& ins) {
  emitLibCall<LibCall::ElemDrop>(std::nullopt, immediate(ins.index));
}

}  // namespace kiln::x64
