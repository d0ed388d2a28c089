// Bulk memory: memory.copy, memory.fill, memory.init and data.drop, all
// through their libcalls (which check both ranges before touching memory).
#include "compiler/x64/function_compiler.h"

namespace kiln::x64 {

template <>
void FunctionCompiler::visit<Opcode::MemoryCopy>(const Instruction&) {
  emitMemoryLibCall<LibCall::Memory32Copy>(0, std::nullopt, operand(0), operand(1), operand(2));
}

template <>
void FunctionCompiler::visit<Opcode::MemoryFill>(const Instruction&) {
  emitMemoryLibCall<LibCall::Memory32Fill>(0, std::nullopt, operand(0), operand(1), operand(2));
}

template <>
void FunctionCompiler::visit<Opcode::MemoryInit>(const Instruction& ins) {
  emitMemoryLibCall<LibCall::Memory32Init>(0, std::nullopt, immediate(ins.index), operand(0),
                                           operand(1), operand(2));
}

template <>
void FunctionCompiler::visit<Opcode::DataDrop>(const Instruction& ins) {
  emitLibCall<LibCall::DataDrop>(std::nullopt, immediate(ins.index));
}

}  // namespace kiln::x64
