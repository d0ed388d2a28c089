// Validation of one function body: the spec's algorithm with an operand stack
// and a control stack, run while the body is decoded so that every body is
// read exactly once.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "binary/instruction_reader.h"
#include "binary/module.h"
#include "binary/module_error.h"
#include "types/func_type.h"
#include "types/value_type.h"
#include "validate/type_checker.h"

namespace kiln {

/// Checks function bodies of one module. Create one per module and call
/// `validate` for each defined function; the stacks are reused across bodies
/// so validation does not allocate per instruction or per function.
class FunctionValidator {
 public:
  /// `declaredFunctions[i]` says whether function i may be named by `ref.func`
  /// in a body (the spec's C.refs: referenced outside function bodies).
  /// `types` must have validated the module's type section.
  FunctionValidator(const WasmModule& module, const std::vector<bool>& declaredFunctions,
                    const TypeChecker& types);

  /// Validates defined function `definitionIndex` and records what the
  /// compiler needs of it in `facts`. Returns the Invalid error, if any.
  /// Throws `DecodeFailure` when the body is malformed or uses an
  /// unsupported feature.
  std::optional<ModuleError> validate(uint32_t definitionIndex, const FunctionDefinition& function,
                                      FunctionFacts& facts);

  /// Only decodes the body of `function`, for bodies that need no typing
  /// (after an invalid rule): throws `DecodeFailure` if malformed.
  static void scan(const WasmModule& module, const FunctionDefinition& function);

 private:
  // One entry of the control stack: a block, loop, if/else, try_table, a
  // legacy try/catch, or the function.
  struct ControlFrame {
    Opcode opcode;
    const ValType* params;
    const ValType* results;  // null with resultCount 1: the type is `single`
    uint32_t paramCount;
    uint32_t resultCount;
    uint32_t height;      // operand stack height at entry, excluding params
    uint32_t initHeight;  // height of initializedLocals_ at entry
    ValType single;       // the result of `block (result t)`
    bool unreachable;
    // Estimated execution frequency (FunctionFacts::localAccessWeights):
    // at the frame's start, and that of the branches to its end label.
    uint32_t loopDepth;   // loops around the frame's start
    uint64_t entryWeight;
    uint64_t labelWeight;
  };

  // Thrown internally on the first typing error; turned into a ModuleError.
  struct Invalid {
    std::string message;
  };

  // Decodes the rest of a body whose open blocks number `depth`.
  static void scanRest(const WasmModule& module, InstructionReader& reader, uint32_t depth);
  // Throws the Malformed error for a body that runs out before its final end.
  [[noreturn]] static void failMissingEnd(const WasmModule& module, size_t offset);

  // Decodes and types instructions until the function's final `end`: one
  // switch over the opcode, one validateOperator per case.
  void validateBody(InstructionReader& reader);
  // Reads the immediates of the instruction `kOpcode` that starts at
  // instructionOffset_ and applies its typing rule. The primary template
  // covers every operator with a fixed signature in opcodes.def (and the
  // unsupported ones); each Special one has its own specialization. All are
  // inlined into the switch, so an instruction costs one indirect jump and
  // no call.
  template <Opcode kOpcode>
  [[gnu::always_inline]] inline void validateOperator(InstructionReader& reader);
  // validateOperator for an operator with a fixed signature.
  template <Opcode kOpcode>
  [[gnu::always_inline]] inline void validateFixedOperator(InstructionReader& reader);
  // The immediates of a fixed-signature operator, read and checked. For a
  // memory access, returns the type of its address.
  template <Opcode kOpcode>
  [[gnu::always_inline]] inline ValType readCheckedImmediates(InstructionReader& reader);
  void enterBlock(Opcode opcode, const BlockType& blockType);
  // The parameter and result lists of a block type.
  void blockSignature(const BlockType& blockType, ControlFrame& frame);
  // A call's callee type: pops its arguments, pushes its results.
  [[gnu::always_inline]] void applyCall(const FuncType& type) {
    popValues(type.params.data(), uint32_t(type.params.size()));
    pushValues(type.results.data(), uint32_t(type.results.size()));
  }
  // For return_call*: the callee's results must be the function's.
  void checkTailCallResults(const FuncType& callee);
  // The branch rules shared by the br_on_* instructions: the label's types
  // but the last must be on the stack under the reference.
  void checkBranchPrefix(const ControlFrame& target, uint32_t count);
  void validateCatchClause(const CatchClause& clause);
  // `end`, `else`, `catch`, `catch_all` and `delegate` close the frame
  // opened by the instruction before.
  void closeFrameFor(Opcode next);

  // Operand stack. There is always room for a push (see operandStorage_).
  // The hot operations are forced inline: the switch they are used in is too
  // large for the compiler's own inlining limits.
  [[gnu::always_inline]] void push(ValType type) {
    *operandTop_++ = type;
    if (operandTop_ > deepest_) deepest_ = operandTop_;
  }
  // Pops a value of type `expected` (or of a subtype); the common case,
  // exactly that type, is inline.
  [[gnu::always_inline]] void pop(ValType expected) {
    if (operandTop_ > frameBottom_ && operandTop_[-1] == expected) [[likely]] {
      --operandTop_;
      return;
    }
    popOther(expected);
  }
  // The rest of pop(expected): a subtype, an unknown value, the bottom of an
  // unreachable frame, or a typing error.
  void popOther(ValType expected);
  // Pops any value; kUnknownType at the bottom of an unreachable frame.
  ValType pop();
  // Pops a reference of any type; kUnknownType in unreachable code.
  ValType popRef();
  // Pops a reference within the hierarchy `top` (nullable `top` expected).
  ValType popRefOf(HeapType::Code top);
  [[gnu::always_inline]] void popValues(const ValType* types, uint32_t count) {
    for (uint32_t i = count; i > 0; --i) pop(types[i - 1]);
  }
  [[gnu::always_inline]] void pushValues(const ValType* types, uint32_t count) {
    reserveOperands(count);
    for (uint32_t i = 0; i < count; ++i) *operandTop_++ = types[i];
    if (operandTop_ > deepest_) deepest_ = operandTop_;
  }
  // Makes room for pushing `count` values and keeps the invariant that lets
  // push() skip the check: room for one more value per byte left in the body
  // (counted from the current instruction's start, which is at most as far
  // as the reader has got).
  [[gnu::always_inline]] void reserveOperands(size_t count) {
    const size_t needed = count + (codeEnd_ - instructionOffset_);
    if (needed > size_t(operandLimit_ - operandTop_)) [[unlikely]] growOperands(needed);
  }
  void growOperands(size_t needed);
  // Checks that the top values match `types` without popping them.
  void checkTopValues(const ValType* types, uint32_t count);

  // Control stack. Blocks, ends and branches are frequent: inline too.
  [[gnu::always_inline]] inline void pushControl(const ControlFrame& frame);
  [[gnu::always_inline]] inline ControlFrame popControl();
  void markUnreachable();
  [[gnu::always_inline]] ControlFrame& labelFrame(uint32_t depth) {
    if (depth >= controls_.size()) [[unlikely]] fail("unknown label " + std::to_string(depth));
    return controls_[controls_.size() - 1 - depth];
  }
  static const ValType* resultTypes(const ControlFrame& frame) {
    return frame.results ? frame.results : &frame.single;
  }
  static const ValType* labelTypes(const ControlFrame& frame);
  static uint32_t labelArity(const ControlFrame& frame);

  // Index checks; each throws Invalid with the spec's "unknown ..." wording.
  [[gnu::always_inline]] ValType localType(uint32_t index) {
    if (index < localTypes_.size()) [[likely]] return localTypes_[index];
    return localTypeInRuns(index);
  }
  // localType for locals that are not in localTypes_.
  ValType localTypeInRuns(uint32_t index);
  // Weighs an access to local `index` (already checked) by how often it runs.
  [[gnu::always_inline]] void countLocalAccess(uint32_t index) {
    if (index < localAccessWeights_.size()) [[likely]] localAccessWeights_[index] += weight_;
  }
  // Non-defaultable locals must be set before they are read; a set lasts
  // until the end of the block it is in.
  bool isLocalInitialized(uint32_t index) const;
  void initializeLocal(uint32_t index);
  void resetInitializedLocals(uint32_t height);
  // A branch to `target`'s label, taken with estimated frequency `weight`
  // (nothing for a loop's label: see localAccessWeights).
  void addBranchWeight(ControlFrame& target, uint64_t weight);
  const GlobalType& global(uint32_t index);
  const TableType& table(uint32_t index);
  // The address type of memory `index`, as a value type.
  [[gnu::always_inline]] ValType memoryAddress(uint32_t index) {
    if (index >= memoryAddresses_.size()) [[unlikely]] {
      fail("unknown memory " + std::to_string(index));
    }
    return memoryAddresses_[index];
  }
  const DefinedType& definedType(uint32_t index);
  const FuncType& funcType(uint32_t index);
  const DefinedType& structType(uint32_t index);
  const DefinedType& arrayType(uint32_t index);
  const FieldType& structField(const DefinedType& type, uint32_t field);
  const FuncType& tagType(uint32_t index);
  [[gnu::always_inline]] uint32_t requireFunction(uint32_t index) {
    if (index >= functionTypes_.size()) [[unlikely]] {
      fail("unknown function " + std::to_string(index));
    }
    return index;
  }
  void requireElementSegment(uint32_t index);
  void requireDataSegment(uint32_t index);
  // A value type read from the body names existing types.
  void checkValType(ValType type);
  void checkHeapType(HeapType type);
  void requireSubtype(ValType sub, ValType super);

  // Throws the Unsupported failure for an instruction of an unsupported feature.
  [[noreturn]] void failUnsupported(Opcode op);
  [[noreturn]] void fail(std::string message);
  [[noreturn]] void failMismatch(ValType expected, ValType found);
  // `expected` is kUnknownType when any value would do.
  [[noreturn]] void failMissingOperand(ValType expected);

  const WasmModule& module_;
  const std::vector<bool>& declaredFunctions_;
  const TypeChecker& types_;
  // The address type of each memory, as a value type.
  std::vector<ValType> memoryAddresses_;
  // The type of every function (imported and defined), and its type index.
  std::vector<const FuncType*> functionTypes_;

  // The function being checked.
  const FuncType* signature_ = nullptr;
  std::span<const LocalRun> localRuns_;  // its declared locals' runs
  uint32_t functionIndex_ = 0;  // in the function index space
  size_t codeEnd_ = 0;  // one past the body's final `end`
  // For each run of declared locals, the index one past its last local.
  std::vector<uint32_t> localRunEnds_;
  // The parameters' types, then (for functions with few locals) the locals'.
  std::vector<ValType> localTypes_;
  // Where the instruction being checked starts: errors are reported there.
  size_t instructionOffset_ = 0;

  // Initialization of locals by the spec's rule (a set lasts until the end
  // of its block), tracked for every tabulated local and, beyond the table,
  // for non-defaultable ones (typed references): a flag per local (or a
  // set, for functions with very many locals) and the locals set since each
  // open block began, to reset at its end. Reading a non-defaultable local
  // not set is invalid; reading a defaultable one marks it in
  // readBeforeSet_ (for FunctionFacts::setBeforeRead).
  bool trackInitialization_ = false;
  std::vector<bool> readBeforeSet_;
  std::vector<uint8_t> localInitialized_;
  std::unordered_set<uint32_t> initializedInRuns_;
  std::vector<uint32_t> initializedLocals_;

  // The operand stack is operandStorage_[0, operandTop_). Its size is not
  // checked per push: before each instruction there are at least as many free
  // slots as bytes left in the body, and an instruction takes at least one
  // byte and grows the stack by at most one value, except where it pushes a
  // list of values, which goes through reserveOperands.
  std::vector<ValType> operandStorage_;
  ValType* operandTop_ = nullptr;
  ValType* operandLimit_ = nullptr;  // end of operandStorage_
  ValType* frameBottom_ = nullptr;  // operand stack height of controls_.back()
  ValType* deepest_ = nullptr;      // highest operandTop_ so far
  std::vector<ControlFrame> controls_;
  uint32_t maxControlDepth_ = 0;

  // Usage facts for the compiler (FunctionFacts::localAccessWeights):
  // one weight per entry of localTypes_.
  std::vector<uint64_t> localAccessWeights_;
  uint64_t callWeight_ = 0;
  bool usesSimd_ = false;  // see FunctionFacts::usesSimd
  FeatureSet features_ = 0;  // see FunctionFacts::features
  bool usesTailCalls_ = false;  // see FunctionFacts::usesTailCalls
  bool catchesExceptions_ = false;  // see FunctionFacts::catchesExceptions
  uint32_t loopDepth_ = 0;
  uint64_t weight_ = FunctionFacts::kEntryWeight;  // estimated frequency of the current instruction
};

}  // namespace kiln
