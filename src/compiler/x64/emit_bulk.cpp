// Bulk memory: memory.copy, memory.fill, memory.init and data.drop, all
// through their libcalls (which check both ranges before touching memory),
// the memory64 ones where a 64-bit memory is involved. An i32 operand is
// zero-extended in its register, so it passes as a u64 unchanged.
#include "compiler/x64/function_compiler.h"

namespace kiln::x64 {

template <>
void FunctionCompiler::visit<Opcode::MemoryCopy>(const Instruction& ins) {
  // Immediates: destination memory, source memory. Between a 32- and a
  // 64-bit memory each address has its memory's type and the length the
  // narrower one: memory64_copy takes them all as u64.
  if (memoryAddressType(ins.index) == ValType::I64 ||
      memoryAddressType(ins.index2) == ValType::I64) {
    emitLibCall<LibCall::Memory64Copy>(std::nullopt, immediate(ins.index), immediate(ins.index2),
                                       operand(0), operand(1), operand(2));
  } else {
    emitLibCall<LibCall::Memory32Copy>(std::nullopt, immediate(ins.index), immediate(ins.index2),
                                       operand(0), operand(1), operand(2));
  }
}

template <>
void FunctionCompiler::visit<Opcode::MemoryFill>(const Instruction& ins) {
  if (memoryAddressType(ins.index) == ValType::I64) {
    emitMemoryLibCall<LibCall::Memory64Fill>(ins.index, std::nullopt, operand(0), operand(1),
                                             operand(2));
  } else {
    emitMemoryLibCall<LibCall::Memory32Fill>(ins.index, std::nullopt, operand(0), operand(1),
                                             operand(2));
  }
}

template <>
void FunctionCompiler::visit<Opcode::MemoryInit>(const Instruction& ins) {
  // Immediates: data index, memory index.
  if (memoryAddressType(ins.index2) == ValType::I64) {
    emitMemoryLibCall<LibCall::Memory64Init>(ins.index2, std::nullopt, immediate(ins.index),
                                             operand(0), operand(1), operand(2));
  } else {
    emitMemoryLibCall<LibCall::Memory32Init>(ins.index2, std::nullopt, immediate(ins.index),
                                             operand(0), operand(1), operand(2));
  }
}

template <>
void FunctionCompiler::visit<Opcode::DataDrop>(const Instruction& ins) {
  emitLibCall<LibCall::DataDrop>(std::nullopt, immediate(ins.index));
}

}  // namespace kiln::x64
