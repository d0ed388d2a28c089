// The abstract operand stack of the single-pass compiler: where each Wasm
// value currently lives (a constant, a register, its spill slot, or the CPU
// flags of a compare not yet consumed) and the register pool behind it.
#pragma once

#include <asmjit/x86.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "compiler/x64/macro_assembler.h"
#include "compiler/x64/registers.h"
#include "types/value_type.h"

namespace kiln::x64 {

/// Where one value of the operand stack is.
enum class ValueLocation : uint8_t {
  Constant,   // not materialised yet: folded into the instruction that uses it
              // (a v128 one as a memory operand in the constant pool)
  Register,   // a GP register (integers, references) or an XMM register (floats)
  Slot,       // its spill slot, fixed by its stack position
  Condition,  // the CPU flags of a compare, true when `cond` holds (top of stack only)
  Local,      // the value of the local whose home register is `reg`, until that
              // local is written (the register belongs to the local, not to the value)
};

/// One entry of the abstract operand stack.
struct StackValue {
  ValType type = ValType::I32;
  ValueLocation location = ValueLocation::Slot;
  Reg reg;                                      // Register, Local; Slot: see localEpoch
  /// Slot: non-zero when the value was the Local value of home `reg`, spilled
  /// when the function's write count (ValueStack::writes_) was one less.
  uint32_t localEpoch = 0;
  x86::CondCode cond = x86::CondCode::kE;       // Condition
  int64_t constant = 0;                         // Constant: the bits (floats as IEEE bits)
  int64_t constantHigh = 0;                     // Constant v128: its bytes 8..15 (`constant` 0..7)
};

/// A register holding an operand: one the caller owns, or the home register
/// of a local, which it may only read.
struct Operand {
  Reg reg;
  bool owned;
};

/// The operand stack and the register allocator. Every value has a spill
/// slot chosen by its position. Slots are 8 bytes, slot(i) = [rbp - slotBase
/// - 8 i], except in functions whose operands can be v128s: there every slot
/// is 16 bytes, slot(i) = [rbp - slotBase - 8 - 16 i] (a scalar in its low 8),
/// so a value's slot still depends on its position alone and merges, calls
/// and spills stay position-based. Only those functions pay the larger frame.
/// Wide slots are 8-byte aligned: they are only moved with movdqu, never
/// used as the memory operand of an SSE instruction.
/// Registers are never shared between entries, so popping a register value
/// hands its register to the caller, who frees it or pushes it again. Local
/// values share their local's home register, which nobody else writes: the
/// compiler materialises them (materializeLocal) before the local changes.
class ValueStack {
 public:
  /// `slotBytes` is 8, or 16 where operands can be v128s.
  ValueStack(MacroAssembler& assembler, int32_t slotBase, uint32_t slotBytes, uint32_t capacity);

  size_t size() const { return values_.size(); }
  StackValue& at(size_t position) { return values_[position]; }
  StackValue& top() { return values_.back(); }
  /// The highest number of values ever held (checked against the frame).
  uint32_t capacity() const { return capacity_; }
  /// More values than the capacity were pushed, or a v128 where slots are narrow.
  bool overflowed() const { return overflowed_; }

  /// `high`: the upper 8 bytes of a v128.
  void pushConstant(ValType type, int64_t bits, int64_t high = 0);
  void pushRegister(ValType type, Reg reg);
  /// A value already stored in the slot of the position it is pushed at.
  void pushSlot(ValType type);
  void pushCondition(x86::CondCode cond);
  /// The current value of the local whose home is `reg`.
  void pushLocal(ValType type, Reg reg);
  /// Removes the top value; a register it held stays allocated to the caller.
  StackValue pop();
  /// Drops values above `height`, freeing their registers.
  void truncate(size_t height);

  /// The spill slot of stack position `position`.
  x86::Mem slot(size_t position) const;

  /// A free register of the class of `type`, spilling the oldest stack value
  /// held in one when none is free.
  Reg allocate(ValType type);
  Reg allocateGp() { return allocate(ValType::I64); }
  /// The register of `regClass` allocate() would take next, if one is free;
  /// allocates nothing.
  std::optional<Reg> freeRegister(RegClass regClass) const;
  void free(Reg reg);
  /// Allocates `reg`, known to be free (after spillAll, every register is).
  void take(Reg reg) {
    free_.remove(reg);
    forgetRegister(reg);
  }
  /// Makes GP register `reg` free (moving or spilling the value in it) and
  /// allocates it to the caller.
  void claimGp(Reg reg);

  /// Pops the top value into a register of its class, materialising it.
  Reg popToRegister();
  /// Pops the top value for reading only: a Local value stays in its home.
  Operand popForRead();
  void release(Operand operand) {
    if (operand.owned) free(operand.reg);
  }
  /// Before the local whose home is `home` is written: moves every value
  /// still referring to it into a register.
  void materializeLocal(Reg home);
  /// Values below `height` spilled from a Local value whose local has not
  /// been written since are read from its home again, unless the home is
  /// in `stale` (it does not hold its local here).
  void restoreLocals(size_t height, RegSet stale);
  /// Pops the top value into GP register `reg`, which the caller has claimed.
  void popIntoGp(Reg reg);
  /// Turns a Condition on top into a 0/1 register value.
  void materializeCondition();
  /// Spills every register and Local value (and a pending condition) to its
  /// slot; constants stay, as do the Local values of homes in `keptLocals`
  /// (before a call: the homes it preserves). Done at control-flow merges
  /// and before calls.
  void spillAll(RegSet keptLocals = {});

  /// A register of `regClass` held by a stack value and known to equal local
  /// `index`. Valid only until the next allocation.
  std::optional<Reg> cachedLocal(RegClass regClass, uint32_t index) const;
  /// Records that `reg`, held by a stack value, now equals local `index`.
  void cacheLocal(Reg reg, uint32_t index);
  /// Forgets every register said to equal local `index` (it is being written).
  void forgetLocal(uint32_t index);

  /// Loads the top value into register `reg` of its class (no allocation).
  void load(const StackValue& value, Reg reg) { loadAt(values_.size() - 1, reg, value); }
  /// Loads the value at `position` (not a Condition) into `reg`.
  void loadAt(size_t position, Reg reg) { loadAt(position, reg, values_[position]); }
  /// Stores `value` (of any location but Slot and Condition) to `dst`. May
  /// use r11, or xmm15 for a v128 constant.
  void store(const StackValue& value, const x86::Mem& dst);
  /// Stores the value at `position`, wherever it is, to `dst`. May use r11
  /// or xmm15.
  void storeAt(size_t position, const x86::Mem& dst);
  /// A 16-byte constant (little-endian halves) in the pool: 16-byte aligned,
  /// so SSE instructions may take it as their memory operand.
  x86::Mem vectorConstant(uint64_t low, uint64_t high);

  /// Emits the constants that loads referred to; once, after the
  /// function's last instruction.
  void emitConstantPool();

 private:
  // Every push* ends here: records overflow past the validated capacity.
  void push(const StackValue& value);
  /// A non-zero float constant or a vector constant, loaded RIP-relative
  /// from after the code.
  struct PooledConstant {
    uint64_t low;
    uint64_t high;  // vector constants only
    bool vector;
    asmjit::Label label;
  };
  /// The label of the constant in the pool, adding it if new.
  asmjit::Label poolConstant(uint64_t low, uint64_t high, bool vector);

  /// Loads a 16-byte constant: zeros and all-ones without memory, others
  /// from the constant pool.
  void loadVectorConstant(Reg dst, uint64_t low, uint64_t high);
  void spill(size_t position);
  void loadAt(size_t position, Reg reg, const StackValue& value);
  /// A register stops equalling any local whenever its owner changes (it is
  /// popped, freed or allocated): only a value on the stack is left untouched.
  void forgetRegister(Reg reg) { cachedRegisters_.remove(reg); }

  MacroAssembler& a_;
  int32_t slotBase_;
  uint32_t slotBytes_;
  uint32_t capacity_;
  bool overflowed_ = false;
  std::vector<StackValue> values_;
  RegSet free_;  // allocatable registers of both classes not held by a value
  std::vector<PooledConstant> constantPool_;
  /// The local each register in `cachedRegisters_` equals, by Reg::index().
  /// Spares `local.get x` after `local.get x` or `local.tee x` a load from
  /// the frame.
  uint32_t localInRegister_[32] = {};
  RegSet cachedRegisters_;
  /// Writes of home locals so far (materializeLocal), and by Reg::index()
  /// the count at each home's last write: a spilled Local value whose
  /// localEpoch is above it still equals its local.
  uint32_t writes_ = 0;
  uint32_t lastWrite_[32] = {};
};

}  // namespace kiln::x64
