// Fuel metering (Config::consumeFuel). Code pays for each stretch of
// straight-line code before running it: a stretch starts at the first
// instruction that costs fuel (compiler/fuel_cost.h) after a label, a call or
// anything else that ends one (endsFuelStretch), and opens with one `add` of
// its cost to the store's counter, then a jump to the OutOfFuel trap when the
// counter passes 0.
//
// The counter lives in kFuelReg (r13) while Wasm code runs: an `add` to a
// register does not wait for the previous charge's store to memory, as an
// `add` to the counter in memory would in a loop whose body is one short
// stretch. The register is the truth from a host -> Wasm entry to its end;
// the store's counter is the truth wherever the host can see it:
// kiln_enter_wasm loads the register on entry and writes it back when the
// entry ends, returned, trapped (kiln_raise_trap and the signal handler
// resume the entry with the register as Wasm code left it) or threw; the
// host-call stub writes it back before a host function and loads it after.
// Wasm calls, tail calls and calls into other instances of the store carry
// it along; libcalls keep it, as System V has them do (the only host code a
// libcall runs, a ResourceLimiter asked by a grow, must not call into the
// store, so it never reads the fuel).
//
// A stretch runs on past a br_if out of a block, and from an `if` into its
// then arm: the branch (the br_if taken, the `if` not) gives back on its way
// out what the rest of the stretch would have cost, through a refund stub
// emitted after the body. A br_if back to a loop's header ends the stretch
// instead, since that is the edge taken on every iteration; so does the end
// of a block that something branched to, which paths that paid for none of
// the stretch reach. Either way what code pays is exactly the cost of what
// it ran.
//
// A single pass knows a stretch's cost only at its end, so each charge and
// refund is emitted with a 32-bit placeholder that is patched then (and in
// the listing, when there is one). Paying first means code never runs what
// its fuel does not cover (a stretch is paid whole, so it may stop where the
// branch out of it would still have been affordable), and where it stops
// depends on the module and its inputs alone. A charge sits where no compare
// result waits in the flags: a stretch opens after a control instruction,
// which consumed or spilled any.
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>

#include "compiler/fuel_cost.h"
#include "compiler/x64/function_compiler.h"

namespace kiln::x64 {

namespace {

/// True when `opcode` ends a stretch: control may enter right after it (a
/// label follows: the end of an arm or block, a loop header), it leaves
/// for good, or it calls code that meters its own fuel or that the host may
/// read fuel in. br_if and end depend on their block (see meterFuel).
bool endsFuelStretch(Opcode opcode) {
  switch (opcode) {
    case Opcode::Unreachable:
    case Opcode::Loop:
    case Opcode::Else:
    case Opcode::Br:
    case Opcode::BrTable:
    case Opcode::BrOnNull:
    case Opcode::BrOnNonNull:
    case Opcode::Return:
    case Opcode::Call:
    case Opcode::CallIndirect:
    case Opcode::CallRef:
    case Opcode::ReturnCall:
    case Opcode::ReturnCallIndirect:
    case Opcode::ReturnCallRef:
    case Opcode::Throw:
    case Opcode::ThrowRef:
    case Opcode::Rethrow:
    case Opcode::Catch:
    case Opcode::CatchAll:
    case Opcode::Delegate:
      return true;
    default:
      return false;
  }
}

/// The placeholder of a charge or refund: any value that needs the 32-bit
/// immediate form, as the listing shows it in decimal and in the machine
/// code's bytes.
constexpr int32_t kPlaceholder = std::numeric_limits<int32_t>::max();
constexpr std::string_view kPlaceholderText = "2147483647";
constexpr std::string_view kPlaceholderBytes = "FFFFFF7F";

/// The listing, when there is one: compileFunction takes only a StringLogger.
asmjit::StringLogger* listingOf(asmjit::CodeHolder& code) {
  return static_cast<asmjit::StringLogger*>(code.logger());
}

}  // namespace

void FunctionCompiler::meterFuel(const Instruction& instruction) {
  uint32_t cost = fuelCost(instruction.opcode);
  // A stretch so long that its cost would not fit the immediate (a body of
  // gigabytes) is split; a compare result in the flags goes to a register first.
  if (!fuelPatches_.empty() && fuelStretchCost_ + cost > uint32_t(kPlaceholder)) {
    closeFuelStretch();
    if (stack_.size() != 0) stack_.materializeCondition();
  }
  if (cost != 0 && fuelPatches_.empty()) {
    emitFuelPatch(x86::Inst::kIdAdd);
    a_.jg(trapLabel(TrapCode::OutOfFuel));
  }
  fuelStretchCost_ += cost;
  if (endsFuelStretch(instruction.opcode) || endsFuelStretchHere(instruction)) {
    closeFuelStretch();
  }
}

bool FunctionCompiler::endsFuelStretchHere(const Instruction& instruction) {
  if (instruction.opcode == Opcode::BrIf) {
    return label(instruction.index).kind == ControlFrame::Kind::Loop;
  }
  if (instruction.opcode != Opcode::End) return false;
  // Control comes to the end of a loop only by falling through, and to the
  // end of a block nothing branched to (all its branches come before it)
  // too: the stretch goes on. Elsewhere the end is a label that other paths
  // reach without having paid for what follows.
  const ControlFrame& frame = controls_.back();
  return !(frame.kind == ControlFrame::Kind::Loop ||
           (frame.kind == ControlFrame::Kind::Block && !frame.branchedTo));
}

asmjit::Label FunctionCompiler::fuelRefundTo(asmjit::Label target) {
  if (fuelPatches_.empty()) return target;
  asmjit::Label entry = a_.newLabel();
  openRefunds_.push_back({refundStubs_.size(), fuelStretchCost_});
  refundStubs_.push_back({entry, target, 0, wasmOffset_});
  return entry;
}

void FunctionCompiler::emitFuelRefundStubs() {
  for (const RefundStub& stub : refundStubs_) {
    a_.bind(stub.entry);
    wasmOffset_ = stub.wasmOffset;
    a_.sub(kFuelReg.gp64(), stub.refund);
    a_.jmp(stub.target);
  }
}

void FunctionCompiler::refundFuelRest() {
  if (fuelPatches_.empty()) return;
  emitFuelPatch(x86::Inst::kIdSub);
}

void FunctionCompiler::emitFuelPatch(asmjit::InstId inst) {
  asmjit::StringLogger* listing = listingOf(code_);
  size_t listed = listing ? listing->dataSize() : 0;
  a_.emit(inst, kFuelReg.gp64(), asmjit::Imm(kPlaceholder));
  FuelPatch patch{uint32_t(a_.offset() - sizeof(int32_t)), fuelStretchCost_, std::nullopt};
  if (listing) {
    std::string_view line(listing->data() + listed, listing->dataSize() - listed);
    size_t text = line.find(kPlaceholderText), bytes = line.rfind(kPlaceholderBytes);
    if (text != line.npos && bytes != line.npos) patch.listing = {listed + text, listed + bytes};
  }
  fuelPatches_.push_back(patch);
}

void FunctionCompiler::closeFuelStretch() {
  // The first patch is the stretch's charge (paid before anything ran), the
  // others refunds of what comes after their branch.
  for (const FuelPatch& patch : fuelPatches_) {
    int32_t value = int32_t(fuelStretchCost_ - patch.paidBefore);
    std::memcpy(code_.textSection()->buffer().data() + patch.code, &value, sizeof value);
    // The listing gets the value in the placeholder's place, padded to its
    // width so that the columns stay aligned.
    if (patch.listing) {
      char* listing = listingOf(code_)->content().data();
      std::string text = std::to_string(value);
      text.resize(kPlaceholderText.size(), ' ');
      std::memcpy(listing + patch.listing->first, text.data(), text.size());
      char bytes[sizeof value * 2 + 1];
      const auto* raw = reinterpret_cast<const uint8_t*>(&value);
      std::snprintf(bytes, sizeof bytes, "%02X%02X%02X%02X", raw[0], raw[1], raw[2], raw[3]);
      std::memcpy(listing + patch.listing->second, bytes, kPlaceholderBytes.size());
    }
  }
  for (auto [stub, paidBefore] : openRefunds_) {
    refundStubs_[stub].refund = int32_t(fuelStretchCost_ - paidBefore);
  }
  openRefunds_.clear();
  fuelPatches_.clear();
  fuelStretchCost_ = 0;
}

}  // namespace kiln::x64
