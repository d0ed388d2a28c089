// Reference instructions and table instructions. Table accesses go through
// the libcalls (each checks bounds and records its trap); ref.func is the
// address of the funcref inside the vmctx.
#include "compiler/x64/function_compiler.h"

namespace kiln::x64 {

std::pair<LibCall, uint32_t> FunctionCompiler::tableLibCall(uint32_t tableIndex, LibCall local,
                                                            LibCall imported) const {
  uint32_t importedTables = module_.importedTableCount();
  if (tableIndex < importedTables) return {imported, tableIndex};
  return {local, tableIndex - importedTables};
}

bool FunctionCompiler::emitTableOp(const Instruction& ins) {
  switch (ins.opcode) {
    case Opcode::RefNull:
      stack_.pushConstant(ins.type, 0);
      return true;
    case Opcode::RefIsNull: {
      ValType type = stack_.top().type;
      uint8_t reg = stack_.popToRegister();
      a_.test(x86::gpq(reg), x86::gpq(reg));
      stack_.free(type, reg);
      stack_.pushCondition(x86::CondCode::kE);
      return true;
    }
    case Opcode::RefFunc: {
      uint8_t reg = stack_.allocateGp();
      a_.lea(x86::gpq(reg), x86::qword_ptr(x86::r14, int32_t(context_.offsets.funcRef(ins.index))));
      stack_.pushRegister(ValType::FuncRef, reg);
      return true;
    }
    case Opcode::TableGet: {
      auto [call, index] = tableLibCall(ins.index, LibCall::TableGet, LibCall::ImportedTableGet);
      emitLibCall(call, {immediate(index), operand(0)}, module_.tableType(TableIndex(ins.index)).element);
      a_.cmp(x86::rax, -1);  // kTableGetTrapped
      a_.je(trapLabel(TrapCode::TableAccessOutOfBounds));
      return true;
    }
    case Opcode::TableSet: {
      auto [call, index] = tableLibCall(ins.index, LibCall::TableSet, LibCall::ImportedTableSet);
      emitLibCall(call, {immediate(index), operand(0), operand(1)}, std::nullopt);
      checkLibCallSucceeded(TrapCode::TableAccessOutOfBounds);
      return true;
    }
    case Opcode::TableSize: {
      auto [call, index] = tableLibCall(ins.index, LibCall::TableSize, LibCall::ImportedTableSize);
      emitLibCall(call, {immediate(index)}, ValType::I32);
      return true;
    }
    case Opcode::TableGrow: {
      // Operands: init value, delta. The libcall takes (index, delta, init).
      auto [call, index] = tableLibCall(ins.index, LibCall::TableGrow, LibCall::ImportedTableGrow);
      emitLibCall(call, {immediate(index), operand(1), operand(0)}, ValType::I32);
      return true;
    }
    case Opcode::TableFill: {
      auto [call, index] = tableLibCall(ins.index, LibCall::TableFill, LibCall::ImportedTableFill);
      emitLibCall(call, {immediate(index), operand(0), operand(1), operand(2)}, std::nullopt);
      checkLibCallSucceeded(TrapCode::TableAccessOutOfBounds);
      return true;
    }
    case Opcode::TableCopy:
      emitLibCall(LibCall::TableCopy,
                  {immediate(ins.index), immediate(ins.index2), operand(0), operand(1), operand(2)},
                  std::nullopt);
      checkLibCallSucceeded(TrapCode::TableAccessOutOfBounds);
      return true;
    case Opcode::TableInit:
      emitLibCall(LibCall::TableInit,
                  {immediate(ins.index2), immediate(ins.index), operand(0), operand(1), operand(2)},
                  std::nullopt);
      checkLibCallSucceeded(TrapCode::TableAccessOutOfBounds);
      return true;
    case Opcode::ElemDrop:
      emitLibCall(LibCall::ElemDrop, {immediate(ins.index)}, std::nullopt);
      return true;
    default:
      return false;
  }
}

}  // namespace kiln::x64
