#include "compiler/x64/value_stack.h"

#include <algorithm>

namespace kiln::x64 {

ValueStack::ValueStack(MacroAssembler& assembler, int32_t slotBase, uint32_t slotBytes,
                       uint32_t capacity)
    : a_(assembler),
      slotBase_(slotBase),
      slotBytes_(slotBytes),
      capacity_(capacity),
      free_(kAllocatableXmm) {
  for (Reg reg : kAllocatableGp) free_.add(reg);
  values_.reserve(capacity);
}

void ValueStack::push(const StackValue& value) {
  values_.push_back(value);
  if (values_.size() > capacity_) overflowed_ = true;
  // The function was thought to have no v128 operands: its slots cannot hold one.
  if (value.type == ValType::V128 && slotBytes_ < 16) overflowed_ = true;
}

void ValueStack::pushConstant(ValType type, int64_t bits, int64_t high) {
  StackValue value;
  value.type = type;
  value.location = ValueLocation::Constant;
  value.constant = bits;
  value.constantHigh = high;
  push(value);
}

void ValueStack::pushRegister(ValType type, Reg reg) {
  StackValue value;
  value.type = type;
  value.location = ValueLocation::Register;
  value.reg = reg;
  push(value);
}

void ValueStack::pushSlot(ValType type) {
  StackValue value;
  value.type = type;
  value.location = ValueLocation::Slot;
  push(value);
}

void ValueStack::pushCondition(x86::CondCode cond) {
  StackValue value;
  value.type = ValType::I32;
  value.location = ValueLocation::Condition;
  value.cond = cond;
  push(value);
}

void ValueStack::pushLocal(ValType type, Reg reg) {
  StackValue value;
  value.type = type;
  value.location = ValueLocation::Local;
  value.reg = reg;
  push(value);
}

StackValue ValueStack::pop() {
  StackValue value = values_.back();
  values_.pop_back();
  if (value.location == ValueLocation::Register) forgetRegister(value.reg);
  return value;
}

std::optional<Reg> ValueStack::cachedLocal(RegClass regClass, uint32_t index) const {
  for (Reg reg : cachedRegisters_.ofClass(regClass)) {
    if (localInRegister_[reg.index()] == index) return reg;
  }
  return std::nullopt;
}

void ValueStack::cacheLocal(Reg reg, uint32_t index) {
  localInRegister_[reg.index()] = index;
  cachedRegisters_.add(reg);
}

void ValueStack::forgetLocal(uint32_t index) {
  for (Reg reg : cachedRegisters_) {
    if (localInRegister_[reg.index()] == index) cachedRegisters_.remove(reg);
  }
}

void ValueStack::truncate(size_t height) {
  while (values_.size() > height) {
    StackValue value = pop();
    if (value.location == ValueLocation::Register) free(value.reg);
  }
}

x86::Mem ValueStack::slot(size_t position) const {
  // A 16-byte slot starts 8 bytes lower than an 8-byte one would.
  return x86::qword_ptr(x86::rbp,
                        -slotBase_ - int32_t(slotBytes_ - 8) - int32_t(slotBytes_ * position));
}

Reg ValueStack::allocate(ValType type) {
  RegClass regClass = regClassOf(type);
  if (free_.ofClass(regClass).empty()) {
    // Spill the oldest value held in a register of this class.
    for (size_t i = 0; i < values_.size(); ++i) {
      if (values_[i].location == ValueLocation::Register &&
          values_[i].reg.regClass() == regClass) {
        spill(i);
        break;
      }
    }
  }
  Reg reg = *freeRegister(regClass);
  free_.remove(reg);
  forgetRegister(reg);
  return reg;
}

std::optional<Reg> ValueStack::freeRegister(RegClass regClass) const {
  RegSet free = free_.ofClass(regClass);
  if (free.empty()) return std::nullopt;
  if (regClass == RegClass::Gp) {
    for (Reg candidate : kAllocatableGp) {
      if (free.contains(candidate)) return candidate;
    }
  }
  return free.first();
}

void ValueStack::free(Reg reg) {
  free_.add(reg);
  forgetRegister(reg);
}

void ValueStack::claimGp(Reg reg) {
  if (!free_.contains(reg)) {
    for (size_t i = 0; i < values_.size(); ++i) {
      StackValue& value = values_[i];
      if (value.location != ValueLocation::Register || value.reg != reg) continue;
      if (!free_.ofClass(RegClass::Gp).empty()) {
        Reg other = allocateGp();
        a_.mov(other.gp64(), reg.gp64());
        value.reg = other;
      } else {
        spill(i);
      }
      break;
    }
  }
  free_.remove(reg);
  forgetRegister(reg);
}

void ValueStack::spill(size_t position) {
  StackValue& value = values_[position];
  if (value.location == ValueLocation::Condition) {
    materializeCondition();
  }
  if (value.location == ValueLocation::Local) {
    store(value, slot(position));
    value.location = ValueLocation::Slot;
    value.localEpoch = writes_ + 1;
    return;
  }
  if (value.location != ValueLocation::Register) return;
  store(value, slot(position));
  free(value.reg);
  value.location = ValueLocation::Slot;
  value.localEpoch = 0;
}

void ValueStack::spillAll(RegSet keptLocals) {
  for (size_t i = 0; i < values_.size(); ++i) {
    const StackValue& value = values_[i];
    if (value.location == ValueLocation::Local && keptLocals.contains(value.reg)) continue;
    spill(i);
  }
}

void ValueStack::restoreLocals(size_t height, RegSet stale) {
  for (size_t i = 0; i < height; ++i) {
    StackValue& value = values_[i];
    if (value.location != ValueLocation::Slot || value.localEpoch == 0 || stale.contains(value.reg) ||
        lastWrite_[value.reg.index()] >= value.localEpoch) {
      continue;
    }
    value.location = ValueLocation::Local;
  }
}

void ValueStack::materializeCondition() {
  StackValue& value = values_.back();
  if (value.location != ValueLocation::Condition) return;
  x86::CondCode cond = value.cond;
  values_.pop_back();
  Reg reg = allocateGp();  // only moves: the flags survive
  a_.set(cond, reg.gp8());
  a_.movzx(reg.gp32(), reg.gp8());
  pushRegister(ValType::I32, reg);
}

Reg ValueStack::popToRegister() {
  if (values_.back().location == ValueLocation::Condition) materializeCondition();
  StackValue value = pop();
  if (value.location == ValueLocation::Register) return value.reg;
  Reg reg = allocate(value.type);
  values_.push_back(value);  // keep its position while loading from its slot
  load(value, reg);
  values_.pop_back();
  return reg;
}

Operand ValueStack::popForRead() {
  if (values_.back().location == ValueLocation::Local) return {pop().reg, false};
  return {popToRegister(), true};
}

void ValueStack::materializeLocal(Reg home) {
  lastWrite_[home.index()] = ++writes_;
  for (size_t i = 0; i < values_.size(); ++i) {
    // Fetched again each time: allocate() may spill (and so change) entries.
    if (values_[i].location != ValueLocation::Local || values_[i].reg != home) continue;
    Reg reg = allocate(values_[i].type);
    loadAt(i, reg);
    values_[i].location = ValueLocation::Register;
    values_[i].reg = reg;
  }
}

void ValueStack::popIntoGp(Reg reg) {
  if (values_.back().location == ValueLocation::Condition) materializeCondition();
  StackValue value = pop();
  if (value.location == ValueLocation::Register) {
    if (value.reg != reg) {
      a_.mov(reg.gp64(), value.reg.gp64());
      free(value.reg);
    }
    return;
  }
  values_.push_back(value);
  load(value, reg);
  values_.pop_back();
}

void ValueStack::loadAt(size_t position, Reg reg, const StackValue& value) {
  switch (value.location) {
    case ValueLocation::Constant:
      if (value.type == ValType::V128) {
        loadVectorConstant(reg, uint64_t(value.constant), uint64_t(value.constantHigh));
      } else if (isFloat(value.type)) {
        if (value.constant == 0) {
          a_.xorps(reg.xmm(), reg.xmm());
        } else {
          asmjit::Label constant = poolConstant(uint64_t(value.constant), 0, false);
          if (value.type == ValType::F32) {
            a_.movss(reg.xmm(), x86::dword_ptr(constant));
          } else {
            a_.movsd(reg.xmm(), x86::qword_ptr(constant));
          }
        }
      } else if (value.type == ValType::I32 || value.type.isRef()) {
        // A reference constant is null: the 32-bit move zero-extends.
        a_.mov(reg.gp32(), uint32_t(value.constant));
      } else {
        a_.mov(reg.gp64(), value.constant);
      }
      break;
    case ValueLocation::Register:
    case ValueLocation::Local:
      if (value.reg != reg) a_.move(reg, value.reg);
      break;
    case ValueLocation::Slot:
      a_.load(value.type, reg, slot(position));
      break;
    case ValueLocation::Condition:
      break;  // callers materialise conditions first
  }
}

void ValueStack::store(const StackValue& value, const x86::Mem& dst) {
  switch (value.location) {
    case ValueLocation::Constant:
      if (value.type == ValType::V128) {
        loadVectorConstant(kScratchXmm, uint64_t(value.constant), uint64_t(value.constantHigh));
        a_.store(value.type, dst, kScratchXmm);
      } else if (value.constant == int64_t(int32_t(value.constant))) {
        a_.mov(dst, int32_t(value.constant));  // qword store sign-extends
      } else {
        a_.mov(kScratchGp.gp64(), value.constant);
        a_.mov(dst, kScratchGp.gp64());
      }
      break;
    case ValueLocation::Register:
    case ValueLocation::Local:
      a_.store(value.type, dst, value.reg);
      break;
    case ValueLocation::Slot:
    case ValueLocation::Condition:
      break;  // slot-to-memory copies are the caller's (they know the slot)
  }
}

void ValueStack::storeAt(size_t position, const x86::Mem& dst) {
  const StackValue& value = values_[position];
  if (value.location == ValueLocation::Slot) {
    a_.copyValue(value.type, dst, slot(position));
  } else {
    store(value, dst);
  }
}

asmjit::Label ValueStack::poolConstant(uint64_t low, uint64_t high, bool vector) {
  // Functions use few distinct constants; a bounded linear search finds the
  // repeats (a loop's constants) without a map, and past the bound an entry
  // is merely duplicated.
  constexpr size_t kSearched = 64;
  size_t first = constantPool_.size() > kSearched ? constantPool_.size() - kSearched : 0;
  for (size_t i = first; i < constantPool_.size(); ++i) {
    const PooledConstant& entry = constantPool_[i];
    if (entry.low == low && entry.high == high && entry.vector == vector) return entry.label;
  }
  constantPool_.push_back({low, high, vector, a_.newLabel()});
  return constantPool_.back().label;
}

x86::Mem ValueStack::vectorConstant(uint64_t low, uint64_t high) {
  return x86::xmmword_ptr(poolConstant(low, high, true));
}

void ValueStack::loadVectorConstant(Reg dst, uint64_t low, uint64_t high) {
  if (low == 0 && high == 0) {
    a_.pxor(dst.xmm(), dst.xmm());
  } else if (low == ~uint64_t(0) && high == ~uint64_t(0)) {
    a_.pcmpeqd(dst.xmm(), dst.xmm());
  } else {
    a_.movdqa(dst.xmm(), vectorConstant(low, high));
  }
}

void ValueStack::emitConstantPool() {
  if (constantPool_.empty()) return;
  // Vector constants first, 16-byte aligned (SSE memory operands need it),
  // then the 8-byte scalars.
  bool anyVector = std::any_of(constantPool_.begin(), constantPool_.end(),
                               [](const PooledConstant& constant) { return constant.vector; });
  a_.align(asmjit::AlignMode::kData, anyVector ? 16 : 8);
  for (bool vector : {true, false}) {
    for (const PooledConstant& constant : constantPool_) {
      if (constant.vector != vector) continue;
      a_.bind(constant.label);
      a_.embed(&constant.low, sizeof constant.low);
      if (vector) a_.embed(&constant.high, sizeof constant.high);
    }
  }
  constantPool_.clear();
}

}  // namespace kiln::x64
