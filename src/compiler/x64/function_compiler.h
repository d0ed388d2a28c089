// The single-pass compiler of one function body: one walk over the validated
// instructions, keeping the operand stack abstract (value_stack.h) and
// emitting x86-64 through the MacroAssembler.
//
// Every opcode of opcodes.def reaches its code through one function,
// `visit<Opcode::X>`, defined in the file of its family:
//   function_compiler.cpp  control flow, parametric, locals, globals, constants
//   emit_integer.cpp       i32/i64 arithmetic, compares, bit counts, sign extension
//   emit_float.cpp         f32/f64 arithmetic, min/max, sign operations, rounding, compares
//   emit_conversion.cpp    wrap/extend, float <-> int, demote/promote, reinterpret
//   emit_memory.cpp        loads, stores, memory.size/grow
//   emit_atomic.cpp        atomic loads, stores, read-modify-write, fence, wait/notify
//   emit_bulk.cpp          memory.copy/fill/init, data.drop
//   emit_table.cpp         references (with br_on_null, br_on_non_null) and tables
//   emit_call.cpp          calls (with call_ref) and libcall calls
//   emit_tail_call.cpp     return_call, return_call_indirect, return_call_ref
//   emit_exception.cpp     throw, throw_ref, try_table, legacy try/catch/delegate/rethrow
//   emit_simd_memory.cpp   SIMD loads and stores
//   emit_simd_lanes.cpp    splat, extract/replace lane, shuffle, swizzle
//   emit_simd_bitwise.cpp  v128 bitwise operations, bitselect, any_true
//   emit_simd_integer.cpp  integer lane arithmetic, shifts, widening and narrowing
//   emit_simd_compare.cpp  integer and float lane compares
//   emit_simd_float.cpp    float lane arithmetic, min/max, rounding
//   emit_simd_conversion.cpp  lane conversions and saturating truncations
// The declarations of all of them are generated from opcodes.def below the
// class, so an opcode without a handler fails the link; which opcodes are
// compiled yet is one predicate (isCompiledYet).
#pragma once

#include <asmjit/x86.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "binary/instruction.h"
#include "binary/module.h"
#include "compiler/compiled_module.h"
#include "compiler/x64/handler_table.h"
#include "compiler/x64/macro_assembler.h"
#include "compiler/x64/native_slots.h"
#include "compiler/x64/registers.h"
#include "compiler/x64/value_stack.h"
#include "types/huge_pages.h"
#include "vm/libcalls.h"
#include "vm/signal_handler.h"
#include "vm/vm_offsets.h"

namespace kiln::x64 {

/// The opcodes this compiler has code for: those of the features in
/// kCompiledFeatures. A function using another is refused with an error
/// that names the instruction; the module-level constructs of features not
/// compiled are refused by compileModule (see unsupportedInModule).
constexpr bool isCompiledYet(Opcode op) { return compilesFeature(opcodeInfo(op).feature); }

/// True for the float operators whose NaN results the deterministic profile
/// makes canonical (deterministic_profile.cpp).
bool producesNan(Opcode op);

/// Starts the definition of the visitor of SIMD opcode `name`; the
/// instruction is `ins`. (SIMD visitors are many and mostly one-liners.)
#define KILN_SIMD_VISITOR(name) \
  template <>                   \
  void FunctionCompiler::visit<Opcode::name>([[maybe_unused]] const Instruction& ins)

/// CPU features the generated code may use.
struct CpuSupport {
  bool sse41 = false;
  bool sse42 = false;  // with SSE4.1: x86-64-v2, the baseline of SIMD code
  bool popcnt = false;
  bool lzcnt = false;
  bool bmi1 = false;  // tzcnt
  bool avx = false;   // VEX encodings of 128-bit instructions (never 256-bit ones)
  /// What this CPU has (probed once per process), limited to x86-64-v2 at
  /// CpuLevel::Baseline.
  static CpuSupport of(CpuLevel level);
};

/// What every function of one module is compiled against.
struct ModuleContext {
  const WasmModule& module;
  VMOffsets offsets;
  /// The engine's tunables: memory mode, libcalls, interrupts, stack, threads.
  Config config;
  CpuSupport cpu;
  /// 8-byte slots of the largest outgoing argument/result area any call needs.
  uint32_t outgoingSlots = 0;
  /// Some function type, tag or global of the module is v128: calls and
  /// global.get can then put v128s on any function's operand stack.
  bool v128InTypesOrGlobals = false;
  /// The type of every function, imported then defined, by function index:
  /// a call reads one small entry instead of a whole FunctionDefinition.
  std::vector<const FuncType*> functionTypes;

  ModuleContext(const WasmModule& m, const Config& c);

  bool boundsChecks() const { return config.memoryMode == MemoryMode::BoundsChecks; }
};

/// A direct call (or a tail call's jump) to a defined function, patched once
/// every function is placed: it targets the callee's direct-call entry.
struct CallFixup {
  uint32_t rel32Offset;   // of the call's 32-bit displacement: in the function, then in the module
  uint32_t calleeDefined; // defined-function index of the callee
};

/// Maps a machine-code offset (a return address or a faulting instruction)
/// to the Wasm byte offset of the instruction it belongs to.
struct SourcePosition {
  uint32_t codeOffset;
  uint32_t wasmOffset;
};

/// A module's trap sites and source positions: on large modules, megabytes.
using TrapSiteList = std::vector<TrapSite, HugePageAllocator<TrapSite>>;
using SourcePositionList = std::vector<SourcePosition, HugePageAllocator<SourcePosition>>;

/// An out-of-line call to kiln_raise_trap, reached by a jump to `label`.
struct TrapStub {
  asmjit::Label label;
  uint32_t wasmOffset;  // of the instruction that traps, for its backtrace
  TrapCode code;
};

/// What a compile thread reuses from one function to the next, so that once
/// warm it stops allocating as it emits: asmjit's holder, the trap stubs
/// waiting for the end of the body, and the lists of sites.
///
/// The site lists gather everything the thread compiles: the sites of the
/// functions it kept, at module code offsets (increasing, as a thread places
/// its functions at increasing offsets), then those of the function being
/// compiled, at offsets within the function until keepFunction moves them.
struct CompileScratch {
  asmjit::CodeHolder code;
  std::vector<TrapStub> trapStubs;
  TrapSiteList trapSites;
  SourcePositionList sourcePositions;
  std::vector<CallFixup> calls;  // rel32Offset: module code offset once kept
  /// Of the last function compiled: its exception handlers (function code
  /// offsets), empty when it has no try.
  FunctionHandlers handlers;
  /// Of the last function compiled: the offset of its direct-call entry.
  uint32_t directEntry = 0;

  /// Marks where the next function's sites start.
  void beginFunction();
  /// Keeps the function's sites: it was placed at module code offset `start`.
  void keepFunction(uint32_t start);
  /// Forgets the function's sites (it failed, or it is only listed).
  void dropFunction();

 private:
  size_t firstTrapSite_ = 0;
  size_t firstPosition_ = 0;
  size_t firstCall_ = 0;
};

/// Compiles defined function `definedIndex` into `scratch.code`, ready to
/// copy (flattened, labels resolved), and appends its sites to scratch's
/// lists after a beginFunction; the caller then keeps or drops them. With
/// `logger`, asmjit writes the listing there, annotated with Wasm offsets.
/// On failure the sites are already dropped.
std::optional<CompileError> compileFunction(const ModuleContext& context, uint32_t definedIndex,
                                            CompileScratch& scratch,
                                            asmjit::StringLogger* logger = nullptr);

/// `error`, a refusal of defined function `definedIndex`, as compileModule
/// reports it: a Resource error names the function (an Unsupported one
/// already does, in the front end's wording).
CompileError inFunction(const WasmModule& module, uint32_t definedIndex, CompileError error);

/// Where each local lives for the whole function: its frame slot, or one of
/// the registers reserved for locals (kLocalGpRegs, kLocalXmmRegs), chosen
/// from the validator's usage weights (chooseLocalHomes).
struct LocalHomes {
  std::vector<std::optional<Reg>> reg;  // per local: its home register, or none (its slot)
  LocalGpRegs gpRegs;                   // the GP registers locals may live in
  uint32_t savedGpCount = 0;            // gpRegs.regs[0, savedGpCount): callee-saved, in use
  RegSet callClobbered;                 // the homes calls clobber
  RegSet callPreserved;                 // the others (callee-saved registers)
  std::array<uint32_t, 32> localOf{};   // by Reg::index(): the local a home register holds
};

/// The frame of one function (docs/compiler.md, "Frame"), with every size
/// and offset computed in 64 bits: a body may declare up to the validator's
/// limit of locals and push up to its operand depth, and a frame that does
/// not fit a 32-bit displacement is refused, never wrapped.
struct FrameLayout {
  /// Bytes below rbp up to the first spill slot: vmctx, declared locals,
  /// saved homes.
  uint64_t slotBase = 0;
  /// The whole frame below the saved rbp, 16-byte aligned.
  uint64_t frameSize = 0;
  /// Computes the layout, or nothing when it is over kMaxFrameBytes.
  /// Declared locals take 8-byte words (two for a v128); spill slots are
  /// `spillSlotBytes` each (see ValueStack).
  static std::optional<FrameLayout> of(uint64_t declaredLocalWords, uint64_t savedGpRegs,
                                       uint64_t spillSlots, uint64_t spillSlotBytes,
                                       uint64_t outgoingSlots);
  /// The largest frame compiled: far more than any stack allows (the
  /// prologue's stack check traps first), far less than a displacement wraps.
  static constexpr uint64_t kMaxFrameBytes = uint64_t(1) << 30;
};

/// The compiler of one function body. Used only through compileFunction.
class FunctionCompiler {
 public:
  FunctionCompiler(const ModuleContext& context, uint32_t definedIndex, CompileScratch& scratch);
  /// Compiles the body; false when it cannot, with the reason in error().
  bool compile();
  const CompileError& error() const { return *error_; }
  /// Where direct calls from the same instance enter (see visit<Call>).
  asmjit::Label directEntry() const { return directEntry_; }

  /// The code of one opcode (see the top of this file).
  template <Opcode kOpcode>
  void visit(const Instruction& instruction);

  /// Writes the jump tables' entries, once the code is flattened and every
  /// label bound (compileFunction).
  void patchJumpTables();

 private:
  // A block, loop, if or the function body itself.
  struct ControlFrame {
    enum class Kind : uint8_t { Block, Loop, If, Function, TryTable, Try } kind = Kind::Block;
    asmjit::Label label;      // branch target: the end, or a loop's header
    asmjit::Label elseLabel;  // If: the start of the else arm (or the end when none)
    size_t height = 0;        // operand stack height below the block's parameters
    std::span<const ValType> params;
    std::span<const ValType> results;
    /// If: where its parameters were at the `if` (constants or their slots),
    /// to restore for the else arm.
    std::vector<StackValue> ifParams;
    bool hasElse = false;
    /// TryTable, Try: its entry in the function's handlers.
    int32_t handler = -1;
    /// Try: past its first catch. The exception caught is then kept, for
    /// `rethrow`, in the slot of stack position `height`, below the
    /// catch's values.
    bool inCatch = false;
    bool branchedTo = false;  // some branch targets the end label
    /// The homes whose slots hold their locals on every edge to the end
    /// label noted so far (noteEdgeTo); none noted yet when empty.
    std::optional<RegSet> homesInSlotAtLabel;
    /// If: the homes whose slots held their locals at the `if`, where the
    /// else arm starts.
    RegSet homesInSlotAtIf;
    bool unreachable = false; // the rest of the current arm is dead code
    /// Block, If, TryTable with one result: the register the result meets
    /// in at the end label, chosen at the first edge (labelRegister); none:
    /// the result's slot, as at every other label.
    std::optional<Reg> resultRegister;
    bool resultPlaced = false;  // resultRegister is chosen
    /// If: how the arms are laid out (thenArmLayout).
    enum class Layout : uint8_t { Plain, ValueThen, ColdThen } layout = Layout::Plain;
    /// If with Layout::ValueThen: the `if`'s condition, which the then arm's
    /// end jumps on.
    x86::CondCode thenCondition = x86::CondCode::kE;

    std::span<const ValType> labelTypes() const {
      return kind == Kind::Loop ? params : results;
    }
  };

  // --- function_compiler.cpp: the walk, frame, control flow ---
  /// Fails compilation: the function uses a SIMD instruction and the CPU
  /// lacks SSE4.2.
  void refuseSimd(const OpcodeInfo& info, size_t offset);
  // Refuses what belongs to a feature this compiler does not run yet, in
  // the front end's Unsupported wording.
  void refuseFeature(Feature feature, const std::string& what, size_t offset);
  // The type the instruction's immediates name that this compiler does not
  // represent (uncompiledFeatureOf), with its feature.
  static std::optional<std::pair<ValType, Feature>> uncompiledTypeIn(
      const Instruction& instruction);
  void emitPrologue();
  /// Gives the locals read and written most (the validator's weights, by
  /// loop nesting) a register for the whole function.
  static LocalHomes chooseLocalHomes(const FunctionFacts& facts,
                                     const std::vector<ValType>& localTypes, bool meterFuel);
  /// The rbp displacement of each local's frame slot (localSlot). The
  /// declared locals the prologue zeroes (needsZeroing) come first, nearest
  /// rbp, so that it zeroes one block of zeroedLocalWords_ words.
  static std::vector<int32_t> localSlotsOf(const FunctionFacts& facts,
                                           const std::vector<ValType>& localTypes,
                                           uint32_t paramCount);
  /// Local `index` (a declared one: `index` >= `paramCount`) may be read
  /// before it is set (the validator's FunctionFacts::setBeforeRead):
  /// the prologue zeroes it.
  static bool needsZeroing(const FunctionFacts& facts, uint32_t paramCount, uint32_t index) {
    const uint32_t declared = index - paramCount;
    return declared >= 64 || !(facts.setBeforeRead >> declared & 1);
  }
  /// The 8-byte words of the declared locals the prologue zeroes.
  static uint32_t zeroedLocalWordsOf(const FunctionFacts& facts,
                                     const std::vector<ValType>& localTypes, uint32_t paramCount);
  /// Home register of local `index`, if it has one.
  std::optional<Reg> localHome(uint32_t index) const { return homes_.reg[index]; }
  /// The frame slot where callee-saved register homes_.gpRegs.regs[i] is kept.
  x86::Mem savedGpSlot(uint32_t i) const;
  // Homes and their frame slots around calls (docs/compiler.md, "Locals in
  // registers"). A home's register may be stale (staleHomes_: after a call
  // that clobbers it, and for parameters from entry), its slot then holding
  // the local; and its slot may hold the local's current value
  // (homesInSlot_). At every label every home holds its local.
  /// Before a call: spills the operand stack (values of locals homed in
  /// registers calls preserve stay), then stores each home calls clobber
  /// whose slot does not already hold its value.
  void prepareForCall();
  /// After a call: the homes it clobbered are stale, loaded again only where read.
  void forgetCallClobberedLocals();
  /// Before `home` is read as its local: loads it when stale.
  void loadHome(Reg home);
  /// Before `home` is written: its slot no longer holds its value.
  void writeHome(Reg home);
  /// Loads every stale home: before a control edge, and before an `if`,
  /// whose else arm starts from the state there.
  void loadStaleHomes();
  /// A branch or fallthrough to `target`'s label, every home loaded; a
  /// label after the code narrows the homes whose slots are known current
  /// there to those current on every edge.
  void noteEdgeTo(ControlFrame& target);
  /// Just after a label is bound (a block's end, an else arm, a loop's
  /// header): no home is stale, and the slots known current are
  /// `homesInSlot` (none at a loop's header, its back-edges being ahead).
  void enterLabel(RegSet homesInSlot);
  /// Dispatches to visit<opcode>.
  void compileInstruction(const Instruction& instruction);
  /// The listing's line for `instruction`, then `note` (when there is a logger).
  void logInstruction(const Instruction& instruction, const char* note);
  void skipUnreachable(const Instruction& instruction);
  /// Sets `frame`'s params and results from a block type.
  void blockSignature(const BlockType& type, ControlFrame& frame) const;
  void emitBlock(const Instruction& instruction, ControlFrame::Kind kind);
  /// Stores the top `count` values that are constants to their slots, so a
  /// loop header's parameters are where its back-edges put them.
  void storeConstantsToSlots(size_t count);
  /// How an `if` about to open lays out its arms, from a look at its then
  /// arm (the rest of the function is validated: reading ahead is safe).
  ControlFrame::Layout thenArmLayout(const ControlFrame& frame) const;
  /// The section out-of-line arms go to, after the function's main code;
  /// null if asmjit could not make it (out of memory).
  asmjit::Section* coldSection();
  void emitElse();
  void emitEnd();
  void emitReturn();
  void markUnreachable();
  /// The register the value a branch to `target` carries meets in, chosen
  /// at the label's first edge; none: the label's slots.
  std::optional<Reg> labelRegister(ControlFrame& target);
  /// Copies the top values a branch to `target` carries to where the label
  /// expects them: its register or its slots.
  void moveBranchValues(ControlFrame& target);
  /// Jumps to `target` carrying the top values (no condition).
  void jumpTo(ControlFrame& target);
  /// True when a branch to `target` needs no code but the jump: the values
  /// it carries already sit in the label's register or slots (and it is
  /// not a return).
  bool branchValuesInPlace(ControlFrame& target);
  /// Branch to `target` when `cond` holds; nothing is popped.
  void branchIf(x86::CondCode cond, ControlFrame& target);
  /// br_table through a jump table, on `index` (popped, in a register).
  void emitJumpTable(const Instruction& ins, Reg index);
  /// br_tables with this many targets and up dispatch through a jump table;
  /// fewer compare with each in turn. Measured (bench/REPORT.md, 2026-12-05):
  /// from 4 targets on, the table made the interp kernel's 13- to 19-way
  /// dispatch 2x slower (its compares predict well, the indirect jump
  /// does not), while QuickJS's 250-way dispatch needs the table.
  /// Above the maximum (more than any real switch) they compare too.
  static constexpr size_t kJumpTableMinimum = 32;
  static constexpr size_t kJumpTableMaximum = size_t(1) << 20;
  /// Loop headers start at this alignment (emitBlock). Measured on the
  /// kernels: 16 made fannkuch and sort faster and steadier; 32 and 64 made
  /// fannkuch, whose short inner loops are entered millions of times through
  /// the padding, 12% and 26% slower.
  static constexpr uint32_t kLoopAlignment = 16;
  /// Locals of up to this many 8-byte words are zeroed in the prologue with
  /// 16-byte stores; more with `rep stos`.
  static constexpr uint32_t kStoreZeroedLocalWords = 128;
  /// The enclosing block `depth` levels out (0 = innermost).
  ControlFrame& label(uint32_t depth) { return controls_[controls_.size() - 1 - depth]; }
  /// Pops a branch condition: the flags to test (a fused compare or `test`).
  x86::CondCode popCondition();
  void emitLocalSet(uint32_t index, bool tee);
  x86::Mem localSlot(uint32_t index) const;
  /// The opcode and index immediate of the instruction after the current
  /// one, if the body goes on: decoded when a fusion asks, rather than
  /// ahead of every instruction.
  struct NextInstruction {
    Opcode opcode;
    uint32_t index;
  };
  std::optional<NextInstruction> peekNext() const;
  /// A float load followed by add, sub, mul or div (of its type: the code
  /// is validated; the load is the op's right operand): the SSE op, to be
  /// emitted in the load's place reading its right operand from memory
  /// (emitLoad).
  std::optional<asmjit::InstId> floatOpReadingLoad() const;
  /// `local.get x; ...; op; local.set x` (or tee): when `lhs`, the left
  /// operand of the current instruction, is local x in its home and the next
  /// instruction writes x, the home register, which the operation may then
  /// update in place.
  std::optional<Reg> localUpdateTarget(const StackValue& lhs);
  /// `op; local.set x` (or tee) where op computes a new value: x's home
  /// register, when x has one, for op to write in place of a register the
  /// set would copy from (between beginLocalUpdate and endLocalUpdate).
  std::optional<Reg> localSetTarget();
  /// Around an in-place update, the operands popped: other values naming
  /// the local are moved away first and the local.set/tee is consumed; a
  /// tee leaves the local on the stack.
  void beginLocalUpdate(Reg home);
  void endLocalUpdate(ValType type, Reg home);
  ValType localType(uint32_t index) const { return localTypes_[index]; }
  /// Loads the address of global `index`'s storage into r11 when imported.
  x86::Mem globalAddress(uint32_t index);
  /// Traps with Interrupt when the store asked running code to stop.
  void emitInterruptCheck();

  // --- emit_exception.cpp ---
  /// Opens the handler of a try body that starts here (frame: a TryTable or
  /// Try, not yet pushed).
  void openHandler(ControlFrame& frame);
  // The frame of a try_table or legacy try: its block signature, the values
  // below it spilled, and its handler opened.
  ControlFrame openTryFrame(ControlFrame::Kind kind, const BlockType& type);
  /// The try body of `frame` ends here.
  void closeHandler(ControlFrame& frame);
  /// The innermost handler active inside the control frame at `index` of
  /// controls_ (a try body there or around it), or -1.
  int32_t handlerInside(size_t index) const;
  /// A landing pad starts here: the exception is in rdx, rsp is set; reloads
  /// the registers the unwound frames may have changed.
  void beginLandingPad();
  /// Legacy `catch` (with a tag) or `catch_all`: ends the try body or the
  /// previous catch, and lands the exception in this one.
  void emitLegacyCatch(std::optional<uint32_t> tag);
  void emitDelegate(uint32_t depth);
  /// Raises the exception the throw libcall just recorded, from here.
  void raiseRecordedException();
  /// The landing pads of try_table clauses, after the body: each stores the
  /// clause's values in its label's slots and branches there.
  void emitCatchPads();
  /// A try_table clause waiting for its landing pad.
  struct CatchPad {
    uint32_t handler;
    uint32_t clause;
    CatchClause::Kind kind;
    std::span<const ValType> payload;  // the tag's parameters (Catch, CatchRef)
    asmjit::Label target;              // the label's code; unused for the function's own
    std::span<const ValType> targetTypes;
    size_t targetHeight;
    std::optional<Reg> targetRegister;  // the label's resultRegister
    bool targetIsFunction;
    uint32_t wasmOffset;
  };

  // --- emit_fuel.cpp: fuel metering (Config::consumeFuel) ---
  /// Adds the instruction's cost to the open stretch, opening one (its
  /// charge and check) first when it costs fuel and none is open; closes the
  /// stretch when the instruction ends it.
  void meterFuel(const Instruction& instruction);
  /// True when a br_if or end ends the stretch, as its block decides.
  bool endsFuelStretchHere(const Instruction& instruction);
  /// On a branch's way out of the open stretch: gives back what the rest of
  /// the stretch costs (filled in when it closes). Uses the flags.
  void refundFuelRest();
  /// Where a branch out of the open stretch to `target` goes: a stub that
  /// gives back the rest of the stretch, then jumps on (`target` itself when
  /// no stretch is open).
  asmjit::Label fuelRefundTo(asmjit::Label target);
  /// Emits, after the body, the stubs fuelRefundTo handed out.
  void emitFuelRefundStubs();
  /// Emits `inst` (add or sub) of a placeholder to the fuel counter in
  /// kFuelReg, recorded for closeFuelStretch to patch.
  void emitFuelPatch(asmjit::InstId inst);
  /// Fills the stretch's cost into its charge and refunds.
  void closeFuelStretch();

  // --- traps and out-of-line code ---
  /// A label of an out-of-line path that raises `code` for the current instruction.
  asmjit::Label trapLabel(TrapCode code);
  /// Emits a call to kiln_raise_trap(code) inline.
  void emitRaiseTrap(TrapCode code);
  /// Emits, after the body, the prologue's stack-limit inheritance and every trap stub.
  void emitOutOfLineCode();
  void recordSourcePosition();

  // --- emit_integer.cpp ---
  void emitIntBinary(asmjit::InstId inst, bool commutative, bool wide);
  void emitIntCompare(x86::CondCode cond, bool wide);
  void emitIntEqz(bool wide);
  void emitDivRem(bool wide, bool isSigned, bool isRem);
  void emitShift(asmjit::InstId inst, bool wide);
  /// `base; x; const k; shl; add` (k = 1..3, i32 or i64), at the shl with
  /// its count popped: one `lea dst, [base + x * 2^k]` for the shift and the
  /// add, which it consumes; the plain shift and add cost a cycle more on
  /// the path of an array index. False, with nothing emitted, otherwise.
  bool emitScaledAdd(ValType type, int count);
  enum class BitCount : uint8_t { Clz, Ctz, Popcnt };
  void emitBitCount(BitCount count, bool wide);
  /// Sign-extends the low `fromBytes` of the operand to 32 or 64 bits.
  void emitSignExtend(uint32_t fromBytes, bool wide);

  // --- emit_float.cpp ---
  /// A float add, sub, mul or div: its scalar SSE instruction, and whether
  /// it commutes (floatBinaryInst, emit_float.cpp).
  struct FloatBinaryInst {
    asmjit::InstId inst;
    bool commutative;
  };
  static std::optional<FloatBinaryInst> floatBinaryInst(Opcode op);
  void emitFloatBinary(FloatBinaryInst op, bool wide);
  // The deterministic profile: the result of `op` (a producesNan one) on top
  // of the stack, or a float (f64 when `wide`) or vector of them in `value`,
  // with every NaN made the positive canonical NaN.
  void canonicalizeResultNan(Opcode op);
  void canonicalizeNan(Reg value, bool wide, bool vector);
  void emitFloatMinMax(bool isMin, bool wide);
  enum class FloatCompare : uint8_t { Eq, Ne, Lt, Gt, Le, Ge };
  void emitFloatCompare(FloatCompare compare, bool wide);
  enum class SignOp : uint8_t { Abs, Neg, Copysign };
  void emitFloatSignOp(SignOp op, bool wide);
  /// roundss/roundsd with `mode` (0 nearest even, 1 floor, 2 ceil, 3 trunc),
  /// or `call` where SSE4.1 is missing or libcalls are forced.
  void emitFloatRound(int mode, LibCall call, bool wide);
  void emitFloatSqrt(bool wide);

  // --- emit_conversion.cpp ---
  struct Truncation {
    bool fromF64;
    bool toI64;
    bool isSigned;
    bool saturating;
  };
  void emitTruncate(const Truncation& truncation);
  void emitIntToFloat(bool fromI64, bool isSigned, bool toF64);
  /// wrap and zero-extension: a 32-bit move clears the upper half.
  void emitMove32(ValType result);
  void emitFloatToFloat(bool toF64);
  void emitReinterpret(ValType from, ValType to);

  // --- emit_memory.cpp ---
  /// The memory operand of one access and the registers it uses.
  struct HeapOperand {
    x86::Mem operand;         // sized for the access
    Operand address;          // the popped address
    std::optional<Reg> base;  // a memory other than 0: the register holding its base
  };
  /// Pops the address and returns the operand for an access of `size` bytes
  /// to memory `memArg.memory`, bounds-checked where needed (see the top of
  /// emit_memory.cpp). The caller releases it after the access.
  HeapOperand accessOperand(const MemArg& memArg, uint32_t size);
  void releaseAccess(const HeapOperand& access);
  /// Whether the constant address on top of the stack, accessed at
  /// `offset` for `size` bytes, is in bounds of any memory of `type`.
  bool constantAccessInBounds(const MemoryType& type, uint64_t offset, uint32_t size);
  /// The start of memory `index`'s definition: in the vmctx for a defined
  /// memory, or (imported) behind the pointer this loads into `reg`.
  x86::Mem memoryDefinition(uint32_t index, Reg reg);
  /// i32, or i64 for a 64-bit memory.
  ValType memoryAddressType(uint32_t index) const;
  /// A load of `opcode`: width, result type and signedness come from opcodes.def.
  template <Opcode kOpcode>
  void emitLoadOf(const Instruction& instruction);
  void emitLoad(const Instruction& instruction, uint32_t size, ValType type, bool isSigned);
  template <Opcode kOpcode>
  void emitStoreOf(const Instruction& instruction);
  void emitStore(const Instruction& instruction, uint32_t size, ValType type);
  /// The memory access at code offset `site` faults only out of bounds:
  /// the signal handler turns its fault into HeapAccessOutOfBounds.
  void recordHeapAccess(uint32_t site);
  void reloadMemoryBase();

  // --- emit_atomic.cpp ---
  /// Pops the address of an atomic access of `size` bytes, traps when it is
  /// unaligned, checks its bounds as accessOperand does, and returns the
  /// cell as [r11] (the address's registers are free again).
  x86::Mem atomicOperand(const MemArg& memArg, uint32_t size);
  enum class AtomicOp : uint8_t { Add, Sub, And, Or, Xor, Xchg, Cmpxchg };
  void emitAtomicLoad(const Instruction& instruction, uint32_t size, ValType type);
  void emitAtomicStore(const Instruction& instruction, uint32_t size);
  /// `op` on `size` bytes, the old value zero-extended to `type` as result.
  void emitAtomicRmw(const Instruction& instruction, AtomicOp op, uint32_t size, ValType type);
  /// The low `size` bytes of `reg`, zero-extended to 64 bits.
  void zeroExtendAtomicResult(Reg reg, uint32_t size);

  // --- emit_simd_memory.cpp ---
  /// A SIMD load of `size` bytes whose whole result is `inst dst, [address]`
  /// (with `imm` when it takes one).
  void emitVectorLoad(const Instruction& instruction, uint32_t size, asmjit::InstId inst,
                      std::optional<uint32_t> imm = std::nullopt);
  /// vNN.load*_splat: the lane loaded into lane 0, then broadcast.
  void emitLoadSplat(const Instruction& instruction, uint32_t laneBytes);
  void emitLoadLane(const Instruction& instruction, uint32_t laneBytes);
  void emitStoreLane(const Instruction& instruction, uint32_t laneBytes);

  // --- emit_simd_lanes.cpp ---
  /// Copies lane 0 of `vector` (`laneBytes` wide) to every lane.
  void broadcastLane0(Reg vector, uint32_t laneBytes);
  void emitSplat(ValType scalar, uint32_t laneBytes);
  void emitExtractIntLane(uint32_t lane, uint32_t laneBytes, bool isSigned);

  // --- emit_simd_bitwise.cpp ---
  /// `inst lhs, rhs` on the two vector operands, the result in lhs (used by
  /// every SIMD family); a constant rhs is read from the constant pool.
  /// A lane-wise binary operation: instruction `sse`, or its VEX form `avx`
  /// on CPUs with AVX.
  void emitVectorBinary(asmjit::InstId sse, asmjit::InstId avx);
  /// The relaxed i8 dot's pair sums of byte products into `rhs`'s i16 lanes,
  /// `rhs`'s bytes taken as unsigned, or as signed (saturating) in the
  /// deterministic profile.
  void emitByteDot(Reg rhs, Reg lhs);

  // --- emit_simd_integer.cpp ---
  /// A pooled vector constant with `lane` in every lane of `laneBytes`.
  x86::Mem splatConstant(uint64_t lane, uint32_t laneBytes);
  enum class VectorShift : uint8_t { Shl, ShrS, ShrU };
  void emitVectorShift(uint32_t laneBytes, VectorShift kind);
  /// movmsk-like `inst` from the vector operand to an i32.
  void emitBitmask(asmjit::InstId inst);
  /// Widens the low (or high) half's lanes of `laneBytes` in place.
  void widenHalf(Reg vector, uint32_t laneBytes, bool high, bool isSigned);
  void emitExtMul(uint32_t resultLaneBytes, bool high, bool isSigned);

  // --- emit_simd_compare.cpp ---
  enum class IntLaneCompare : uint8_t { Eq, Ne, LtS, LtU, GtS, GtU, LeS, LeU, GeS, GeU };
  void emitIntLaneCompare(uint32_t laneBytes, IntLaneCompare compare);

  // --- emit_simd_float.cpp ---
  /// f32x4/f64x2 min and max with Wasm's NaN and signed-zero rules.
  void emitVectorMinMax(bool isMin, bool wide);

  // --- emit_table.cpp ---
  /// i32, or i64 for a table64.
  ValType tableAddressType(uint32_t index) const;

  // --- emit_call.cpp ---
  /// Where a call goes once its arguments are in place.
  struct Callee {
    enum class Kind : uint8_t {
      Defined,  // defined function `index` of this instance: its direct entry
      Import,   // imported function `index`: code and vmctx from the vmctx's import
      FuncRef,  // the checked, non-null funcref in rax
    } kind;
    uint32_t index = 0;
    static Callee defined(uint32_t definedIndex) { return {Kind::Defined, definedIndex}; }
    static Callee import(uint32_t funcIndex) { return {Kind::Import, funcIndex}; }
    static Callee funcRef() { return {Kind::FuncRef}; }
  };
  Callee calleeOf(uint32_t funcIndex) const;
  void emitCall(uint32_t funcIndex);
  void emitCallIndirect(uint32_t typeIndex, uint32_t tableIndex);
  /// Calls `callee`, whose arguments prepareCallArguments placed, and takes the results.
  void emitCallTo(const FuncType& type, const Callee& callee);
  /// Pops call_indirect's table index and the arguments, and leaves the
  /// funcref it selects in rax: in bounds, not null, of type `typeIndex`.
  void popIndirectCallee(const FuncType& type, uint32_t typeIndex, uint32_t tableIndex);
  /// Pops call_ref's function reference and the arguments, and leaves the
  /// reference in rax, not null.
  void popFuncRefCallee(const FuncType& type);
  /// Moves the top `type.params` values to the outgoing area and spills the rest.
  void prepareCallArguments(const FuncType& type);
  /// After the call instruction: reloads what the callee may have changed
  /// (r14 and r15 only when it is of another instance) and takes the results.
  void finishCall(const FuncType& type, bool sameInstance);
  // --- emit_tail_call.cpp ---
  /// Replaces this function's frame by a call to `callee`, whose arguments
  /// prepareCallArguments placed: in the incoming argument area when it is
  /// large enough, else by a call and a return.
  void emitTailCall(const FuncType& type, const Callee& callee);
  /// Functions with tail calls: the frame slot that keeps r10 at entry, the
  /// size in 8-byte slots of the incoming argument area.
  x86::Mem incomingAreaSlot() const;

  /// An argument of a libcall after the vmctx: operand `value` of the
  /// instruction (0 = the deepest of its operands on the stack) or the
  /// immediate `value`.
  struct LibCallArg {
    bool isOperand;
    int64_t value;
  };
  static LibCallArg operand(int64_t index) { return {true, index}; }
  static LibCallArg immediate(int64_t value) { return {false, value}; }
  /// Calls libcall `kCall` with the vmctx first when it takes one, then
  /// `args` (as many as its C signature has: checked at compile time), pops
  /// the operands, pushes the result as `result` if given, and raises the
  /// libcall's trap when it returns its sentinel.
  template <LibCall kCall, class... Args>
  void emitLibCall(std::optional<ValType> result, Args... args) {
    emitLibCallAs<kCall>(kCall, result, args...);
  }
  /// The same for a PAIR routine (vm/libcalls.h) on memory or table `index`
  /// of the module: the local variant with the index among definitions, or
  /// the imported one with the index among imports. `args` follow the index.
  template <LibCall kCall, class... Args>
  void emitMemoryLibCall(uint32_t index, std::optional<ValType> result, Args... args) {
    uint32_t imported = module_.importedMemoryCount();
    if (index < imported) {
      emitLibCallAs<kCall>(importedVariant(kCall), result, immediate(index), args...);
    } else {
      emitLibCallAs<kCall>(kCall, result, immediate(index - imported), args...);
    }
  }
  template <LibCall kCall, class... Args>
  void emitTableLibCall(uint32_t index, std::optional<ValType> result, Args... args) {
    uint32_t imported = module_.importedTableCount();
    if (index < imported) {
      emitLibCallAs<kCall>(importedVariant(kCall), result, immediate(index), args...);
    } else {
      emitLibCallAs<kCall>(kCall, result, immediate(index - imported), args...);
    }
  }
  /// Calls `call`, a libcall with the signature of `kCall`.
  template <LibCall kCall, class... Args>
  void emitLibCallAs(LibCall call, std::optional<ValType> result, Args... args);
  void emitLibCallArgs(bool vmctx, std::initializer_list<LibCallArg> args,
                       std::span<const bool> floatParams);
  void emitLibCallResult(LibCall call, std::optional<ValType> result, LibCallSentinel sentinel,
                         std::optional<TrapCode> trap);

  const ModuleContext& context_;
  const WasmModule& module_;
  const FunctionDefinition& function_;
  const FunctionFacts& facts_;  // the validator's, of function_
  const FuncType& type_;
  uint32_t funcIndex_;
  CompileScratch& scratch_;  // its lists gather the result's sites
  asmjit::CodeHolder& code_;
  MacroAssembler a_;
  uint32_t paramCount_;
  std::vector<ValType> localTypes_;  // parameters, then declared locals
  uint32_t paramWords_;              // 8-byte words of the parameters (native_slots.h)
  uint32_t declaredLocalWords_;      // ... and of the declared locals in the frame
  uint32_t zeroedLocalWords_;        // ... and of those the prologue zeroes, the first ones
  std::vector<int32_t> localSlots_;  // by local index: rbp displacement of its slot
  LocalHomes homes_;
  RegSet staleHomes_;   // homes whose registers do not hold their locals (their slots do)
  RegSet homesInSlot_;  // homes whose slots hold their locals' current values
  /// The operands can be v128s: 16-byte spill slots (see ValueStack).
  bool wideSlots_;
  std::optional<FrameLayout> frame_;  // none: too large to compile
  ValueStack stack_;
  std::vector<ControlFrame> controls_;
  uint32_t deadDepth_ = 0;  // blocks opened inside dead code being skipped
  uint32_t wasmOffset_ = 0; // offset of the instruction being compiled
  size_t nextOffset_ = 0;     // where the instruction after it starts
  bool nextIsTee_ = false;    // localUpdateTarget found a local.tee, not a local.set
  asmjit::Section* coldSection_ = nullptr;  // made by the first cold arm
  bool nextConsumed_ = false; // the instruction after it was compiled with it
  /// A placeholder immediate of the open stretch: its charge (first) or a refund.
  struct FuelPatch {
    uint32_t code;        // where the immediate sits in the code
    uint32_t paidBefore;  // the stretch's cost before it: the value is the rest
    /// Where the listing (if any) shows the placeholder, as a number and in
    /// the machine code.
    std::optional<std::pair<size_t, size_t>> listing;
  };
  std::vector<FuelPatch> fuelPatches_;  // empty: no stretch open
  /// A br_table's jump table: its entries, deltas from `base` to each label.
  struct JumpTable {
    asmjit::Label base;
    std::vector<asmjit::Label> entries;
  };
  std::vector<JumpTable> jumpTables_;
  uint32_t fuelStretchCost_ = 0;        // the open stretch's cost so far
  /// An out-of-line refund (fuelRefundTo).
  struct RefundStub {
    asmjit::Label entry;
    asmjit::Label target;
    int32_t refund;       // set when its stretch closes
    uint32_t wasmOffset;  // the branch's
  };
  std::vector<RefundStub> refundStubs_;
  /// The open stretch's stubs: index in refundStubs_, the stretch's cost before.
  std::vector<std::pair<size_t, uint32_t>> openRefunds_;
  int32_t currentHandler_ = -1;  // the innermost handler around the code being emitted
  std::vector<CatchPad> catchPads_;
  asmjit::Label inheritLimit_;  // prologue: adopt the calling instance's stack limit
  asmjit::Label directEntry_;   // ... and go on here, where same-instance calls enter
  std::optional<CompileError> error_;  // set when compilation fails
};

// One handler per opcode, each defined in its family's file.
#define KILN_OPCODE(name, ...) \
  template <>                  \
  void FunctionCompiler::visit<Opcode::name>(const Instruction&);
#include "binary/opcodes.def"
#undef KILN_OPCODE

template <LibCall kCall, class... Args>
void FunctionCompiler::emitLibCallAs(LibCall call, std::optional<ValType> result, Args... args) {
  using Traits = LibCallTraits<kCall>;
  constexpr uint32_t kFirst = Traits::kTakesVMContext ? 1 : 0;
  static_assert(sizeof...(Args) == Traits::kParamCount - kFirst,
                "wrong number of arguments for this libcall");
  emitLibCallArgs(Traits::kTakesVMContext, {args...},
                  std::span<const bool>(Traits::kFloatParam + kFirst, sizeof...(Args)));
  emitLibCallResult(call, result, Traits::kSentinel, Traits::kTrap);
}

}  // namespace kiln::x64
