// Bulk memory: memory.copy, memory.fill, memory.init and data.drop, all
// through their libcalls (which check both ranges before touching memory).
#include "compiler/x64/function_compiler.h"

namespace kiln::x64 {

bool FunctionCompiler::emitBulkOp(const Instruction& ins) {
  bool imported = module_.importedMemoryCount() > 0;
  switch (ins.opcode) {
    case Opcode::MemoryCopy:
      emitLibCall(imported ? LibCall::ImportedMemoryCopy : LibCall::LocalMemoryCopy,
                  {immediate(0), operand(0), operand(1), operand(2)}, std::nullopt);
      checkLibCallSucceeded(TrapCode::HeapAccessOutOfBounds);
      return true;
    case Opcode::MemoryFill:
      emitLibCall(imported ? LibCall::ImportedMemoryFill : LibCall::MemoryFill,
                  {immediate(0), operand(0), operand(1), operand(2)}, std::nullopt);
      checkLibCallSucceeded(TrapCode::HeapAccessOutOfBounds);
      return true;
    case Opcode::MemoryInit:
      emitLibCall(LibCall::MemoryInit,
                  {immediate(0), immediate(ins.index), operand(0), operand(1), operand(2)},
                  std::nullopt);
      checkLibCallSucceeded(TrapCode::HeapAccessOutOfBounds);
      return true;
    case Opcode::DataDrop:
      emitLibCall(LibCall::DataDrop, {immediate(ins.index)}, std::nullopt);
      return true;
    default:
      return false;
  }
}

}  // namespace kiln::x64
