// The single-pass compiler of one function body: one walk over the validated
// instructions, keeping the operand stack abstract (value_stack.h) and
// emitting x86-64 through asmjit. The walk and control flow live in
// function_compiler.cpp; each family of opcodes in its own emit_*.cpp.
#pragma once

#include <asmjit/x86.h>

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
#include "compiler/huge_pages.h"
#include "compiler/x64/value_stack.h"
#include "vm/libcalls.h"
#include "vm/signal_handler.h"
#include "vm/vm_offsets.h"

namespace kiln::x64 {

/// CPU features the generated code may use, probed once per process.
struct CpuSupport {
  bool sse41 = false;
  bool popcnt = false;
  bool lzcnt = false;
  bool bmi1 = false;  // tzcnt
  static CpuSupport host();
};

/// What every function of one module is compiled against.
struct ModuleContext {
  const WasmModule& module;
  VMOffsets offsets;
  CompilerOptions options;
  CpuSupport cpu;
  /// 8-byte slots of the largest outgoing argument/result area any call needs.
  uint32_t outgoingSlots = 0;
  /// The type of every function, imported then defined, by function index:
  /// a call reads one small entry instead of a whole FunctionDefinition.
  std::vector<const FuncType*> functionTypes;

  ModuleContext(const WasmModule& m, const CompilerOptions& o);
};

/// A direct call to a defined function, patched once every function is placed:
/// it targets the callee's direct-call entry.
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

/// Why a function did not compile.
struct CompileError {
  std::string message;
  bool refusedSimd = false;  // message is a kSimdUnsupported message
};

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
                                            asmjit::Logger* logger = nullptr);

/// Where each local lives for the whole function: its frame slot, or one of
/// the registers reserved for locals (kLocalGpRegs, kLocalXmmRegs), chosen
/// from the validator's usage weights (chooseLocalHomes).
struct LocalHomes {
  static constexpr uint8_t kFrame = 0xFF;
  std::vector<uint8_t> reg;         // per local: its register's id, or kFrame
  uint32_t savedGpCount = 0;        // kLocalGpRegs[0, savedGpCount): callee-saved, in use
  std::vector<uint32_t> callClobbered;  // the locals in registers calls clobber
};

/// The compiler of one function body. Used only through compileFunction.
class FunctionCompiler {
 public:
  FunctionCompiler(const ModuleContext& context, uint32_t definedIndex, CompileScratch& scratch);
  /// Compiles the body; false when it cannot, with the reason in error().
  bool compile();
  const CompileError& error() const { return error_; }
  /// Where direct calls from the same instance enter (see emitCall).
  asmjit::Label directEntry() const { return directEntry_; }

 private:
  // A block, loop, if or the function body itself.
  struct ControlFrame {
    enum class Kind : uint8_t { Block, Loop, If, Function } kind = Kind::Block;
    asmjit::Label label;      // branch target: the end, or a loop's header
    asmjit::Label elseLabel;  // If: the start of the else arm (or the end when none)
    size_t height = 0;        // operand stack height below the block's parameters
    std::span<const ValType> params;
    std::span<const ValType> results;
    /// If: where its parameters were at the `if` (constants or their slots),
    /// to restore for the else arm.
    std::vector<StackValue> ifParams;
    bool hasElse = false;
    bool branchedTo = false;  // some branch targets the end label
    bool unreachable = false; // the rest of the current arm is dead code

    std::span<const ValType> labelTypes() const {
      return kind == Kind::Loop ? params : results;
    }
  };

  // --- function_compiler.cpp: the walk, frame, control flow ---
  /// Fails compilation because the function uses SIMD at `where`.
  void refuseSimd(const std::string& where);
  // Sets the error for a construct of a feature this compiler does not run.
  void refuseUnsupported(Feature feature, const std::string& what);
  // True when the instruction's immediates name a 3.0 reference type.
  static bool usesTypedReferences(const Instruction& instruction);
  void emitPrologue();
  /// Gives the locals read and written most (the validator's weights, by
  /// loop nesting) a register for the whole function.
  static LocalHomes chooseLocalHomes(const FunctionDefinition& function,
                                     const std::vector<ValType>& localTypes);
  /// Home register of local `index`, or LocalHomes::kFrame.
  uint8_t localRegister(uint32_t index) const { return homes_.reg[index]; }
  /// The frame slot where callee-saved register kLocalGpRegs[i] is kept.
  x86::Mem savedGpSlot(uint32_t i) const;
  /// The locals in registers that calls clobber go to their frame slots
  /// before a call and come back after.
  void storeCallClobberedLocals();
  void reloadCallClobberedLocals();
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
  void emitIf(const Instruction& instruction);
  void emitElse();
  void emitEnd();
  void emitBr(uint32_t depth);
  void emitBrIf(uint32_t depth);
  void emitBrTable(const Instruction& instruction);
  void emitReturn();
  void markUnreachable();
  /// Copies the top values a branch to `target` carries into the target's slots.
  void moveBranchValues(ControlFrame& target);
  /// Jumps to `target` carrying the top values (no condition).
  void jumpTo(ControlFrame& target);
  /// Branch to `target` when `cond` holds; nothing is popped.
  void branchIf(x86::CondCode cond, ControlFrame& target);
  /// Pops a branch condition: the flags to test (a fused compare or `test`).
  x86::CondCode popCondition();
  void emitSelect();
  void emitLocalGet(uint32_t index);
  void emitLocalSet(uint32_t index, bool tee);
  void emitGlobalGet(uint32_t index);
  void emitGlobalSet(uint32_t index);
  x86::Mem localSlot(uint32_t index) const;
  /// `local.get x; ...; op; local.set x` (or tee): when `lhs`, the left
  /// operand of the current instruction, is local x in its home and the next
  /// instruction writes x, the home register, which the operation may then
  /// update in place.
  std::optional<uint8_t> localUpdateTarget(const StackValue& lhs);
  /// Around an in-place update, the operands popped: other values naming
  /// the local are moved away first and the local.set/tee is consumed; a
  /// tee leaves the local on the stack.
  void beginLocalUpdate(ValType type, uint8_t home);
  void endLocalUpdate(ValType type, uint8_t home);
  ValType localType(uint32_t index) const { return localTypes_[index]; }
  /// Loads the address of global `index`'s storage into r11 when imported.
  x86::Mem globalAddress(uint32_t index);

  // --- traps and out-of-line code ---
  /// A label of an out-of-line path that raises `code` for the current instruction.
  asmjit::Label trapLabel(TrapCode code);
  /// Emits a call to kiln_raise_trap(code) inline.
  void emitRaiseTrap(TrapCode code);
  /// Emits, after the body, the prologue's stack-limit inheritance and every trap stub.
  void emitOutOfLineCode();
  void recordSourcePosition();

  // --- emit_integer.cpp ---
  bool emitIntegerOp(Opcode op);
  void emitIntBinary(Opcode op, bool wide);
  void emitIntCompare(x86::CondCode cond, bool wide);
  void emitIntEqz(bool wide);
  void emitDivRem(Opcode op, bool wide);
  void emitShift(Opcode op, bool wide);
  void emitBitCount(Opcode op, bool wide);
  void emitSignExtend(Opcode op);

  // --- emit_float.cpp ---
  void emitRoundingLibCall(LibCall call, ValType type);
  bool emitFloatOp(Opcode op);
  void emitFloatBinary(Opcode op, bool wide);
  void emitFloatMinMax(bool isMin, bool wide);
  void emitFloatCompare(Opcode op, bool wide);
  void emitFloatSignOp(Opcode op, bool wide);
  void emitFloatRound(Opcode op, bool wide);
  void emitFloatSqrt(bool wide);

  // --- emit_conversion.cpp ---
  bool emitConversionOp(Opcode op);
  void emitTruncate(Opcode op);
  void emitIntToFloat(Opcode op);

  // --- emit_memory.cpp ---
  bool emitMemoryOp(const Instruction& instruction);
  /// Pops the address and returns the operand for an access of `size` bytes;
  /// bounds-checks in bounds-check mode. `addr` receives the register to release.
  x86::Mem accessOperand(uint32_t offset, uint32_t size, Operand& addr);
  void emitLoad(const Instruction& instruction);
  void emitStore(const Instruction& instruction);
  void reloadMemoryBase();

  // --- emit_call.cpp ---
  void emitCall(uint32_t funcIndex);
  void emitCallIndirect(uint32_t typeIndex, uint32_t tableIndex);
  /// Moves the top `type.params` values to the outgoing area and spills the rest.
  void prepareCallArguments(const FuncType& type);
  /// After the call instruction: reloads what the callee may have changed
  /// (r14 and r15 only when it is of another instance) and takes the results.
  void finishCall(const FuncType& type, bool sameInstance);
  /// An argument of a libcall: operand `value` of the instruction (0 = the
  /// deepest of its operands on the stack) or the immediate `value`.
  struct LibCallArg {
    bool isOperand;
    int64_t value;
  };
  static LibCallArg operand(int64_t index) { return {true, index}; }
  static LibCallArg immediate(int64_t value) { return {false, value}; }
  /// Calls `call` with the vmctx as first argument, then `args`; pops the
  /// operands and pushes the result of type `result` if any.
  void emitLibCall(LibCall call, std::initializer_list<LibCallArg> args,
                   std::optional<ValType> result);
  void callLibCallPointer(LibCall call);
  /// After a libcall returning bool in al: raise the trap it recorded when false.
  void checkLibCallSucceeded(TrapCode code);
  /// The libcall of a table instruction and its index argument: the local
  /// variant for a defined table, the imported one for an imported table.
  std::pair<LibCall, uint32_t> tableLibCall(uint32_t tableIndex, LibCall local,
                                            LibCall imported) const;

  // --- emit_table.cpp (tables, references) and emit_bulk.cpp (bulk memory) ---
  bool emitTableOp(const Instruction& instruction);
  bool emitBulkOp(const Instruction& instruction);

  const ModuleContext& context_;
  const WasmModule& module_;
  const FunctionDefinition& function_;
  const FuncType& type_;
  uint32_t funcIndex_;
  CompileScratch& scratch_;  // its lists gather the result's sites
  asmjit::CodeHolder& code_;
  x86::Assembler a_;
  uint32_t paramCount_;
  std::vector<ValType> localTypes_;  // parameters, then declared locals
  LocalHomes homes_;
  uint32_t frameSize_ = 0;
  ValueStack stack_;
  std::vector<ControlFrame> controls_;
  uint32_t deadDepth_ = 0;  // blocks opened inside dead code being skipped
  uint32_t wasmOffset_ = 0; // offset of the instruction being compiled
  size_t nextOffset_ = 0;     // where the instruction after it starts
  bool nextIsTee_ = false;    // localUpdateTarget found a local.tee, not a local.set
  bool nextConsumed_ = false; // the instruction after it was compiled with it
  asmjit::Label inheritLimit_;  // prologue: adopt the calling instance's stack limit
  asmjit::Label directEntry_;   // ... and go on here, where same-instance calls enter
  CompileError error_;  // set when compilation fails
};

}  // namespace kiln::x64
