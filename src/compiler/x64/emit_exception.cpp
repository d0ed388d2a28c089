// Exception handling: throw, throw_ref, try_table and the legacy
// try/catch/catch_all/delegate/rethrow.
//
// Nothing here runs unless a function throws or catches. A throw records the
// exception (kiln_throw) and raises it like a trap (kiln_raise_trap); the
// raise path walks the Wasm frames with each function's handler table
// (handler_table.h) and resumes the landing pad of the first clause that
// matches, with rbp of the frame, rsp = rbp - frame size and the exception
// in rdx. A landing pad finds the operand stack below its try body where the
// try left it: a block spills every value on entry, so they sit in their
// slots (or are constants), and functions with a try keep no local in a
// register (FunctionFacts::catchesExceptions), since the frames the
// exception left restored none.
#include "compiler/x64/function_compiler.h"
#include "vm/exception.h"

namespace kiln::x64 {

namespace {

/// Payload value `i` of the exception in rdx.
x86::Mem payloadSlot(size_t i) {
  return x86::qword_ptr(x86::rdx, int32_t(VMException::kPayloadOffset + 16 * i));
}

bool deliversReference(CatchClause::Kind kind) {
  return kind == CatchClause::Kind::CatchRef || kind == CatchClause::Kind::CatchAllRef;
}

bool matchesTag(CatchClause::Kind kind) {
  return kind == CatchClause::Kind::Catch || kind == CatchClause::Kind::CatchRef;
}

}  // namespace

void FunctionCompiler::openHandler(ControlFrame& frame) {
  Handler handler;
  handler.start = uint32_t(a_.offset());
  handler.next = currentHandler_;
  frame.handler = int32_t(scratch_.handlers.handlers.size());
  scratch_.handlers.handlers.push_back(std::move(handler));
  currentHandler_ = frame.handler;
}

void FunctionCompiler::closeHandler(ControlFrame& frame) {
  Handler& handler = scratch_.handlers.handlers[size_t(frame.handler)];
  handler.end = uint32_t(a_.offset());
  // Code after the body is covered by what covered the try.
  currentHandler_ = handler.next;
}

int32_t FunctionCompiler::handlerInside(size_t index) const {
  for (size_t i = index + 1; i-- > 0;) {
    const ControlFrame& frame = controls_[i];
    if (frame.kind == ControlFrame::Kind::TryTable ||
        (frame.kind == ControlFrame::Kind::Try && !frame.inCatch)) {
      return frame.handler;
    }
  }
  return -1;
}

void FunctionCompiler::beginLandingPad() {
  // The unwound frames may have left any register changed but rbp and rsp.
  a_.mov(x86::r14, x86::qword_ptr(x86::rbp, -8));
  reloadMemoryBase();
}

void FunctionCompiler::raiseRecordedException() {
  // Inline, not through a trap stub: the raise's return address must lie in
  // the try bodies around the throw for the handler search to find them.
  emitRaiseTrap(TrapCode::Unreachable);
}

template <>
void FunctionCompiler::visit<Opcode::Throw>(const Instruction& ins) {
  const FuncType& type = module_.funcType(TypeIndex(module_.tagType(ins.index).typeIndex));
  // The payload goes to the outgoing area as ValRaw slots (16 bytes each;
  // ModuleContext sized the area for every tag).
  size_t count = type.params.size();
  size_t first = stack_.size() - count;
  for (size_t i = 0; i < count; ++i) {
    stack_.storeAt(first + i, x86::qword_ptr(x86::rsp, int32_t(16 * i)));
  }
  stack_.truncate(first);
  prepareForCall();
  a_.mov(x86::rdi, x86::r14);
  a_.mov(x86::esi, ins.index);
  a_.mov(x86::rdx, x86::rsp);
  a_.callLibCall(LibCall::Throw);
  recordSourcePosition();
  raiseRecordedException();
  markUnreachable();
}

template <>
void FunctionCompiler::visit<Opcode::ThrowRef>(const Instruction&) {
  emitLibCall<LibCall::ThrowRef>(std::nullopt, operand(0));
  raiseRecordedException();
  markUnreachable();
}

FunctionCompiler::ControlFrame FunctionCompiler::openTryFrame(ControlFrame::Kind kind,
                                                             const BlockType& type) {
  ControlFrame frame;
  frame.kind = kind;
  blockSignature(type, frame);
  stack_.spillAll();
  frame.height = stack_.size() - frame.params.size();
  frame.label = a_.newLabel();
  openHandler(frame);
  return frame;
}

template <>
void FunctionCompiler::visit<Opcode::TryTable>(const Instruction& ins) {
  ControlFrame frame = openTryFrame(ControlFrame::Kind::TryTable, ins.blockType);
  Handler& handler = scratch_.handlers.handlers[size_t(frame.handler)];
  for (const CatchClause& clause : ins.catches) {
    // Labels count from outside the try_table, which is not pushed yet.
    ControlFrame& target = label(clause.label);
    HandlerClause entry;
    entry.tag = matchesTag(clause.kind) ? clause.tag : HandlerClause::kAnyTag;
    entry.byReference = deliversReference(clause.kind);
    std::span<const ValType> payload;
    if (matchesTag(clause.kind)) {
      payload = module_.funcType(TypeIndex(module_.tagType(clause.tag).typeIndex)).params;
    }
    // A label without a register yet keeps its slots: the pad fills them.
    target.resultPlaced = true;
    catchPads_.push_back({uint32_t(frame.handler), uint32_t(handler.clauses.size()), clause.kind,
                          payload, target.label, target.labelTypes(), target.height,
                          target.resultRegister, target.kind == ControlFrame::Kind::Function,
                          wasmOffset_});
    if (target.kind != ControlFrame::Kind::Loop) target.branchedTo = true;
    handler.clauses.push_back(entry);
  }
  controls_.push_back(std::move(frame));
}

void FunctionCompiler::emitCatchPads() {
  for (const CatchPad& pad : catchPads_) {
    wasmOffset_ = pad.wasmOffset;
    scratch_.handlers.handlers[pad.handler].clauses[pad.clause].pad = uint32_t(a_.offset());
    beginLandingPad();
    size_t position = pad.targetHeight;
    for (size_t i = 0; i < pad.payload.size(); ++i) {
      a_.copyValue(pad.payload[i], stack_.slot(position++), payloadSlot(i));
    }
    if (deliversReference(pad.kind)) a_.mov(stack_.slot(position++), x86::rdx);
    if (pad.targetRegister) {
      a_.load(pad.targetTypes[0], *pad.targetRegister, stack_.slot(pad.targetHeight));
    }
    if (!pad.targetIsFunction) {
      a_.jmp(pad.target);
      continue;
    }
    // The function's own label: return the values from their slots.
    stack_.truncate(pad.targetHeight);
    for (ValType type : pad.targetTypes) stack_.pushSlot(type);
    emitReturn();
    stack_.truncate(pad.targetHeight);
  }
}

template <>
void FunctionCompiler::visit<Opcode::Try>(const Instruction& ins) {
  controls_.push_back(openTryFrame(ControlFrame::Kind::Try, ins.blockType));
}

void FunctionCompiler::emitLegacyCatch(std::optional<uint32_t> tag) {
  ControlFrame& frame = controls_.back();
  if (!frame.inCatch) closeHandler(frame);
  if (!frame.unreachable) {
    moveBranchValues(frame);
    noteEdgeTo(frame);
    a_.jmp(frame.label);
    frame.branchedTo = true;
  }
  frame.inCatch = true;
  frame.unreachable = false;
  stack_.truncate(frame.height);
  HandlerClause clause;
  clause.tag = tag.value_or(HandlerClause::kAnyTag);
  clause.byReference = true;  // rethrow may raise it again
  clause.pad = uint32_t(a_.offset());
  scratch_.handlers.handlers[size_t(frame.handler)].clauses.push_back(clause);
  beginLandingPad();
  a_.mov(stack_.slot(frame.height), x86::rdx);
  stack_.pushSlot(ValType::ExnRef);
  if (!tag) return;
  const FuncType& type = module_.funcType(TypeIndex(module_.tagType(*tag).typeIndex));
  for (size_t i = 0; i < type.params.size(); ++i) {
    a_.copyValue(type.params[i], stack_.slot(stack_.size()), payloadSlot(i));
    stack_.pushSlot(type.params[i]);
  }
}

template <>
void FunctionCompiler::visit<Opcode::Catch>(const Instruction& ins) {
  emitLegacyCatch(ins.index);
}

template <>
void FunctionCompiler::visit<Opcode::CatchAll>(const Instruction&) {
  emitLegacyCatch(std::nullopt);
}

void FunctionCompiler::emitDelegate(uint32_t depth) {
  // What the body does not catch is raised again as if at the delegate's
  // label: the handlers there (of that block itself if it is a try body).
  const size_t handler = size_t(controls_.back().handler);
  const int32_t next = handlerInside(controls_.size() - 2 - depth);
  emitEnd();  // closes the body as a try without catches
  scratch_.handlers.handlers[handler].next = next;
}

template <>
void FunctionCompiler::visit<Opcode::Delegate>(const Instruction& ins) {
  emitDelegate(ins.index);
}

template <>
void FunctionCompiler::visit<Opcode::Rethrow>(const Instruction& ins) {
  // The validator checked the label is a catch of a legacy try.
  x86::Mem caught = stack_.slot(label(ins.index).height);
  prepareForCall();
  a_.mov(x86::rdi, caught);
  a_.callLibCall(LibCall::ThrowRef);
  recordSourcePosition();
  raiseRecordedException();
  markUnreachable();
}

}  // namespace kiln::x64
