// Calls: to defined functions (direct, linked later), to imports, through
// tables (call_indirect), through typed function references (call_ref) and
// to the runtime's libcalls. Tail calls are in emit_tail_call.cpp.
//
// Kiln's native convention (docs/compiler.md): rdi = callee vmctx, rsi =
// caller vmctx, r10 = the size in 8-byte slots of the argument area the
// caller provides (tail calls reuse it, see emit_tail_call.cpp; not passed
// on a direct call to a function without tail calls), parameters
// in 8-byte slots from [rsp] at the call (a v128 in two, native_slots.h);
// one result in rax or xmm0, two or more in those slots. The callee may
// clobber every register but rbp, rsp, the callee-saved homes of locals
// (rbx, r12, r13: a callee that uses them saves them) and, with fuel
// metered, the fuel counter in r13 (emit_fuel.cpp).
#include "compiler/x64/function_compiler.h"

namespace kiln::x64 {

namespace {

x86::Mem outgoingSlot(size_t index) { return x86::qword_ptr(x86::rsp, int32_t(8 * index)); }

}  // namespace

template <>
void FunctionCompiler::visit<Opcode::Call>(const Instruction& ins) {
  emitCall(ins.index);
}

template <>
void FunctionCompiler::visit<Opcode::CallIndirect>(const Instruction& ins) {
  emitCallIndirect(ins.index, ins.index2);
}

template <>
void FunctionCompiler::visit<Opcode::CallRef>(const Instruction& ins) {
  const FuncType& type = module_.funcType(TypeIndex(ins.index));
  popFuncRefCallee(type);
  emitCallTo(type, Callee::funcRef());
}

void FunctionCompiler::prepareCallArguments(const FuncType& type) {
  size_t count = type.params.size();
  size_t first = stack_.size() - count;
  uint32_t slot = 0;
  for (size_t i = 0; i < count; ++i) {
    stack_.storeAt(first + i, outgoingSlot(slot));
    slot += nativeSlotCount(type.params[i]);
  }
  stack_.truncate(first);
  prepareForCall();
}

void FunctionCompiler::finishCall(const FuncType& type, bool sameInstance) {
  recordSourcePosition();
  // A function of this instance returns with r14 = its vmctx, which is ours,
  // and r15 = the current base of memory 0, which is ours too.
  if (!sameInstance) {
    a_.mov(x86::r14, x86::qword_ptr(x86::rbp, -8));
    reloadMemoryBase();
  }
  forgetCallClobberedLocals();
  if (type.results.size() == 1) {
    Reg result = regClassOf(type.results[0]) == RegClass::Gp ? kRax : kXmm0;
    stack_.take(result);
    stack_.pushRegister(type.results[0], result);
    return;
  }
  uint32_t slot = 0;
  for (ValType result : type.results) {
    a_.copyValue(result, stack_.slot(stack_.size()), outgoingSlot(slot));
    stack_.pushSlot(result);
    slot += nativeSlotCount(result);
  }
}

FunctionCompiler::Callee FunctionCompiler::calleeOf(uint32_t funcIndex) const {
  uint32_t imported = module_.importedFunctionCount();
  return funcIndex < imported ? Callee::import(funcIndex) : Callee::defined(funcIndex - imported);
}

void FunctionCompiler::emitCall(uint32_t funcIndex) {
  const FuncType& type = *context_.functionTypes[funcIndex];
  prepareCallArguments(type);
  emitCallTo(type, calleeOf(funcIndex));
}

void FunctionCompiler::emitCallTo(const FuncType& type, const Callee& callee) {
  // Only a function with tail calls reads the argument area's size: a
  // direct call to one without them passes none.
  const bool calleeReadsAreaSize =
      callee.kind != Callee::Kind::Defined || module_.functionFacts[callee.index].usesTailCalls;
  if (calleeReadsAreaSize) a_.mov(x86::r10d, context_.outgoingSlots);
  switch (callee.kind) {
    case Callee::Kind::Defined: {
      // A defined function is of this instance: the call goes to its direct
      // entry, which needs neither vmctx argument. `call rel32`, its
      // displacement patched once every function is placed.
      static constexpr uint8_t kCallRel32[5] = {0xE8, 0, 0, 0, 0};
      scratch_.calls.push_back({uint32_t(a_.offset()) + 1, callee.index});
      a_.embed(kCallRel32, sizeof kCallRel32);
      // A function with tail calls may have jumped to another instance,
      // whose function returned with its own r14 and r15.
      finishCall(type, !module_.functionFacts[callee.index].usesTailCalls);
      return;
    }
    case Callee::Kind::Import: {
      int32_t import = int32_t(context_.offsets.importedFunction(callee.index));
      a_.mov(x86::rdi, x86::qword_ptr(x86::r14, import + VMOffsets::functionImportVMContext()));
      a_.mov(x86::rsi, x86::r14);
      a_.call(x86::qword_ptr(x86::r14, import + VMOffsets::functionImportCode()));
      break;
    }
    case Callee::Kind::FuncRef:
      a_.mov(x86::rdi, x86::qword_ptr(x86::rax, VMOffsets::funcRefVMContext()));
      a_.mov(x86::rsi, x86::r14);
      a_.call(x86::qword_ptr(x86::rax, VMOffsets::funcRefCode()));
      break;
  }
  finishCall(type, false);
}

void FunctionCompiler::emitCallIndirect(uint32_t typeIndex, uint32_t tableIndex) {
  const FuncType& type = module_.funcType(TypeIndex(typeIndex));
  popIndirectCallee(type, typeIndex, tableIndex);
  emitCallTo(type, Callee::funcRef());
}

// Bounds check, null check, signature check.
void FunctionCompiler::popIndirectCallee(const FuncType& type, uint32_t typeIndex,
                                         uint32_t tableIndex) {
  Reg index = stack_.popToRegister();
  prepareCallArguments(type);
  x86::Gp element = index.gp32();
  if (tableAddressType(tableIndex) == ValType::I64) {
    // No table has 2^32 elements: an i64 index with high bits set is out of
    // bounds, and one without is compared in 32 bits like an i32.
    a_.mov(x86::r11, index.gp64());
    a_.shr(x86::r11, 32);
    a_.jnz(trapLabel(TrapCode::TableAccessOutOfBounds));
  }
  uint32_t importedTables = module_.importedTableCount();
  if (tableIndex < importedTables) {
    a_.mov(x86::r11, x86::qword_ptr(x86::r14, int32_t(context_.offsets.importedTable(tableIndex))));
    a_.cmp(element, x86::dword_ptr(x86::r11, VMOffsets::tableCount()));
    a_.jae(trapLabel(TrapCode::TableAccessOutOfBounds));
    a_.mov(x86::r11, x86::qword_ptr(x86::r11, VMOffsets::tableBase()));
  } else {
    int32_t table = int32_t(context_.offsets.localTable(tableIndex - importedTables));
    a_.cmp(element, x86::dword_ptr(x86::r14, table + VMOffsets::tableCount()));
    a_.jae(trapLabel(TrapCode::TableAccessOutOfBounds));
    a_.mov(x86::r11, x86::qword_ptr(x86::r14, table + VMOffsets::tableBase()));
  }
  a_.mov(x86::rax, x86::qword_ptr(x86::r11, index.gp64(), 3));
  stack_.free(index);
  a_.test(x86::rax, x86::rax);
  a_.jz(trapLabel(TrapCode::IndirectCallToNull));
  a_.mov(x86::r11d, x86::dword_ptr(x86::r14, int32_t(context_.offsets.signatureId(typeIndex))));
  a_.cmp(x86::dword_ptr(x86::rax, VMOffsets::funcRefSignatureId()), x86::r11d);
  a_.jne(trapLabel(TrapCode::BadSignature));
}

// The validator proved the reference's type: only null needs checking.
void FunctionCompiler::popFuncRefCallee(const FuncType& type) {
  Reg ref = stack_.popToRegister();
  prepareCallArguments(type);
  if (ref != kRax) a_.mov(x86::rax, ref.gp64());
  stack_.free(ref);
  a_.test(x86::rax, x86::rax);
  a_.jz(trapLabel(TrapCode::NullFunctionReference));
}

void FunctionCompiler::emitLibCallArgs(bool vmctx, std::initializer_list<LibCallArg> args,
                                       std::span<const bool> floatParams) {
  size_t operands = 0;
  for (const LibCallArg& arg : args) operands += arg.isOperand ? 1 : 0;
  prepareForCall();  // libcalls clobber the caller-saved registers
  size_t first = stack_.size() - operands;
  // System V: integers and pointers in rdi, rsi, ..., floats in xmm0, ...
  size_t nextGp = 0;
  uint8_t nextXmm = 0;
  if (vmctx) a_.mov(kIntArgRegs[nextGp++].gp64(), x86::r14);
  size_t i = 0;
  for (const LibCallArg& arg : args) {
    Reg reg = floatParams[i++] ? Reg::ofXmm(nextXmm++) : kIntArgRegs[nextGp++];
    if (arg.isOperand) {
      stack_.loadAt(first + size_t(arg.value), reg);
    } else if (arg.value >= 0 && arg.value <= int64_t(UINT32_MAX)) {
      a_.mov(reg.gp32(), uint32_t(arg.value));  // zero-extends: 5 bytes instead of 7
    } else {
      a_.mov(reg.gp64(), arg.value);
    }
  }
  stack_.truncate(first);
}

void FunctionCompiler::emitLibCallResult(LibCall call, std::optional<ValType> result,
                                         LibCallSentinel sentinel, std::optional<TrapCode> trap) {
  a_.callLibCall(call);
  recordSourcePosition();
  forgetCallClobberedLocals();
  if (result) {
    Reg reg = regClassOf(*result) == RegClass::Gp ? kRax : kXmm0;
    stack_.take(reg);
    stack_.pushRegister(*result, reg);
  }
  switch (sentinel) {
    case LibCallSentinel::False:
      a_.test(x86::al, x86::al);
      a_.jz(trapLabel(*trap));
      break;
    case LibCallSentinel::AllOnes:
      a_.cmp(x86::rax, -1);
      a_.je(trapLabel(*trap));
      break;
    case LibCallSentinel::Never:
    case LibCallSentinel::NoReturn:
      break;
  }
}

}  // namespace kiln::x64
