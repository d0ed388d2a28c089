// Tail calls: return_call, return_call_indirect, return_call_ref.
//
// The frame convention (docs/compiler.md, "Tail calls"). Kiln's callers own
// the argument area: they pass parameters (and receive two or more results)
// in 8-byte slots at the bottom of their own frame, and address them from
// their rsp after the call. So a callee cannot grow its incoming area, which
// it would need to for a tail callee with more parameters: the caller would
// read its results, and find its frame, at the old place. Instead of making
// every callee pop its arguments (which costs every call, and every host
// trampoline, an adjustment), each call says how large the area is that it
// provides: r10 = its size in slots (a caller's area is sized for the
// largest type of its module, an array entry's for its own type). A
// function with tail calls keeps that size in its frame (incomingAreaSlot).
//
// A tail call then moves the arguments into the incoming area when they fit
// (always when the callee has no more parameter slots than this function
// has parameter or result slots), tears down the frame and jumps, passing
// the same size on: the callee's frame replaces this one and stack use is
// constant. When they do not fit, it calls and returns: that frame stays,
// but the callee and every tail callee after it run in this function's
// outgoing area, which fits every type of the module, so a cycle of tail
// calls grows the stack at most once, never per step.
//
// A tail call to another instance, or through a funcref that may be one,
// leaves the caller's caller to be returned to by a function of another
// instance, with that instance's r14 and r15. Direct callers of a function
// with tail calls therefore reload them, as callers through imports and
// tables always do (emitCallTo). A tail call to a host function jumps to
// its stub like any import: the stub returns to the caller's caller.
#include "compiler/x64/function_compiler.h"

namespace kiln::x64 {

template <>
void FunctionCompiler::visit<Opcode::ReturnCall>(const Instruction& ins) {
  const FuncType& type = *context_.functionTypes[ins.index];
  prepareCallArguments(type);
  emitTailCall(type, calleeOf(ins.index));
  markUnreachable();
}

template <>
void FunctionCompiler::visit<Opcode::ReturnCallIndirect>(const Instruction& ins) {
  const FuncType& type = module_.funcType(TypeIndex(ins.index));
  popIndirectCallee(type, ins.index, ins.index2);
  emitTailCall(type, Callee::funcRef());
  markUnreachable();
}

template <>
void FunctionCompiler::visit<Opcode::ReturnCallRef>(const Instruction& ins) {
  const FuncType& type = module_.funcType(TypeIndex(ins.index));
  popFuncRefCallee(type);
  emitTailCall(type, Callee::funcRef());
  markUnreachable();
}

x86::Mem FunctionCompiler::incomingAreaSlot() const {
  // Below the saved homes of locals (see the frame_ computation).
  return x86::qword_ptr(x86::rbp, -int32_t(16 + 8 * (declaredLocalWords_ + homes_.savedGpCount)));
}

void FunctionCompiler::emitTailCall(const FuncType& type, const Callee& callee) {
  const uint32_t argumentSlots = nativeSlotCount(type.params);
  // Every caller provides at least this function's own area.
  const bool alwaysFits = argumentSlots <= nativeAreaSlots(type_.params, type_.results);
  asmjit::Label callAndReturn;
  if (!alwaysFits) {
    callAndReturn = a_.newLabel();
    a_.cmp(incomingAreaSlot(), argumentSlots);
    a_.jb(callAndReturn);
  }
  // rax holds a funcref callee: copy through r11.
  a_.mov(x86::r10, incomingAreaSlot());
  for (uint32_t i = 0; i < argumentSlots; ++i) {
    a_.mov(x86::r11, x86::qword_ptr(x86::rsp, int32_t(8 * i)));
    a_.mov(x86::qword_ptr(x86::rbp, int32_t(16 + 8 * i)), x86::r11);
  }
  for (uint32_t i = 0; i < homes_.savedGpCount; ++i) {
    a_.mov(homes_.gpRegs.regs[i].gp64(), savedGpSlot(i));
  }
  a_.mov(x86::rsp, x86::rbp);
  a_.pop(x86::rbp);
  switch (callee.kind) {
    case Callee::Kind::Defined: {
      // `jmp rel32` to the direct entry, patched like a direct call.
      static constexpr uint8_t kJmpRel32[5] = {0xE9, 0, 0, 0, 0};
      scratch_.calls.push_back({uint32_t(a_.offset()) + 1, callee.index});
      a_.embed(kJmpRel32, sizeof kJmpRel32);
      break;
    }
    case Callee::Kind::Import: {
      int32_t import = int32_t(context_.offsets.importedFunction(callee.index));
      a_.mov(x86::rdi, x86::qword_ptr(x86::r14, import + VMOffsets::functionImportVMContext()));
      a_.mov(x86::rsi, x86::r14);
      a_.jmp(x86::qword_ptr(x86::r14, import + VMOffsets::functionImportCode()));
      break;
    }
    case Callee::Kind::FuncRef:
      a_.mov(x86::rdi, x86::qword_ptr(x86::rax, VMOffsets::funcRefVMContext()));
      a_.mov(x86::rsi, x86::r14);
      a_.jmp(x86::qword_ptr(x86::rax, VMOffsets::funcRefCode()));
      break;
  }
  if (alwaysFits) return;
  a_.bind(callAndReturn);
  emitCallTo(type, callee);
  emitReturn();
}

}  // namespace kiln::x64
