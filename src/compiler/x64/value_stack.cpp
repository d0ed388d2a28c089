#include "compiler/x64/value_stack.h"

#include <bit>

namespace kiln::x64 {

namespace {

// The allocatable registers, in the order they are handed out, so rax/rcx/rdx
// (needed by div and shifts) are taken last. rbx, rdi, r8, r9, r10, r12, r13
// and xmm6..xmm13 are the homes of locals (kLocalGpRegs, kLocalXmmRegs).
constexpr uint8_t kGpOrder[] = {6, 0, 1, 2};
constexpr uint32_t kAllGp = (1u << 0) | (1u << 1) | (1u << 2) | (1u << 6);
constexpr uint32_t kAllXmm = 0x403F;  // xmm0..xmm5, xmm14

bool isWide(ValType type) { return type != ValType::I32 && type != ValType::F32; }

}  // namespace

ValueStack::ValueStack(x86::Assembler& assembler, int32_t slotBase, uint32_t capacity)
    : a_(assembler), slotBase_(slotBase), capacity_(capacity), freeGp_(kAllGp),
      freeXmm_(kAllXmm) {
  values_.reserve(capacity);
}

void ValueStack::push(const StackValue& value) {
  values_.push_back(value);
  if (values_.size() > capacity_) overflowed_ = true;
}

void ValueStack::pushConstant(ValType type, int64_t bits) {
  StackValue value;
  value.type = type;
  value.location = ValueLocation::Constant;
  value.constant = bits;
  push(value);
}

void ValueStack::pushRegister(ValType type, uint8_t reg) {
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

void ValueStack::pushLocal(ValType type, uint8_t reg) {
  StackValue value;
  value.type = type;
  value.location = ValueLocation::Local;
  value.reg = reg;
  push(value);
}

StackValue ValueStack::pop() {
  StackValue value = values_.back();
  values_.pop_back();
  if (value.location == ValueLocation::Register) forgetRegister(value.type, value.reg);
  return value;
}

int ValueStack::cachedLocal(ValType type, uint32_t index) const {
  uint32_t candidates = isFloat(type) ? cachedRegisters_ >> 16 : cachedRegisters_ & 0xFFFF;
  uint32_t first = isFloat(type) ? 16 : 0;
  for (; candidates; candidates &= candidates - 1) {
    int reg = std::countr_zero(candidates);
    if (localInRegister_[first + uint32_t(reg)] == index) return reg;
  }
  return -1;
}

void ValueStack::cacheLocal(ValType type, uint8_t reg, uint32_t index) {
  uint32_t entry = (isFloat(type) ? 16 : 0) + reg;
  localInRegister_[entry] = index;
  cachedRegisters_ |= 1u << entry;
}

void ValueStack::forgetLocal(uint32_t index) {
  for (uint32_t cached = cachedRegisters_; cached; cached &= cached - 1) {
    int entry = std::countr_zero(cached);
    if (localInRegister_[entry] == index) cachedRegisters_ &= ~(1u << entry);
  }
}

void ValueStack::truncate(size_t height) {
  while (values_.size() > height) {
    StackValue value = pop();
    if (value.location == ValueLocation::Register) free(value.type, value.reg);
  }
}

x86::Mem ValueStack::slot(size_t position) const {
  return x86::qword_ptr(x86::rbp, -slotBase_ - int32_t(8 * position));
}

uint8_t ValueStack::allocate(ValType type) {
  uint32_t& set = freeSet(type);
  if (set == 0) {
    // Spill the oldest value held in a register of this class.
    for (size_t i = 0; i < values_.size(); ++i) {
      if (values_[i].location == ValueLocation::Register && isFloat(values_[i].type) == isFloat(type)) {
        spill(i);
        break;
      }
    }
  }
  if (isFloat(type)) {
    uint8_t reg = uint8_t(std::countr_zero(set));
    set &= ~(1u << reg);
    forgetRegister(type, reg);
    return reg;
  }
  for (uint8_t reg : kGpOrder) {
    if (set & (1u << reg)) {
      set &= ~(1u << reg);
      forgetRegister(type, reg);
      return reg;
    }
  }
  return 0;  // unreachable: a spill always frees one
}

void ValueStack::free(ValType type, uint8_t reg) {
  freeSet(type) |= 1u << reg;
  forgetRegister(type, reg);
}

void ValueStack::claimGp(uint8_t reg) {
  if (!(freeGp_ & (1u << reg))) {
    for (size_t i = 0; i < values_.size(); ++i) {
      StackValue& value = values_[i];
      if (value.location != ValueLocation::Register || isFloat(value.type) || value.reg != reg)
        continue;
      if (freeGp_ != 0) {
        uint8_t other = allocateGp();
        a_.mov(x86::gpq(other), x86::gpq(reg));
        value.reg = other;
      } else {
        spill(i);
      }
      break;
    }
  }
  freeGp_ &= ~(1u << reg);
  forgetRegister(ValType::I64, reg);
}

void ValueStack::spill(size_t position) {
  StackValue& value = values_[position];
  if (value.location == ValueLocation::Condition) {
    materializeCondition();
  }
  if (value.location == ValueLocation::Local) {
    store(value, slot(position));
    value.location = ValueLocation::Slot;
    return;
  }
  if (value.location != ValueLocation::Register) return;
  store(value, slot(position));
  free(value.type, value.reg);
  value.location = ValueLocation::Slot;
}

void ValueStack::spillAll() {
  for (size_t i = 0; i < values_.size(); ++i) spill(i);
}

void ValueStack::materializeCondition() {
  StackValue& value = values_.back();
  if (value.location != ValueLocation::Condition) return;
  x86::CondCode cond = value.cond;
  values_.pop_back();
  uint8_t reg = allocateGp();  // only moves: the flags survive
  a_.set(cond, x86::gpb_lo(reg));
  a_.movzx(x86::gpd(reg), x86::gpb_lo(reg));
  pushRegister(ValType::I32, reg);
}

uint8_t ValueStack::popToRegister() {
  if (values_.back().location == ValueLocation::Condition) materializeCondition();
  StackValue value = pop();
  if (value.location == ValueLocation::Register) return value.reg;
  uint8_t reg = allocate(value.type);
  values_.push_back(value);  // keep its position while loading from its slot
  load(value, reg);
  values_.pop_back();
  return reg;
}

Operand ValueStack::popForRead() {
  if (values_.back().location == ValueLocation::Local) return {pop().reg, false};
  return {popToRegister(), true};
}

void ValueStack::materializeLocal(ValType type, uint8_t home) {
  for (size_t i = 0; i < values_.size(); ++i) {
    // Fetched again each time: allocate() may spill (and so change) entries.
    if (values_[i].location != ValueLocation::Local || values_[i].reg != home ||
        isFloat(values_[i].type) != isFloat(type)) {
      continue;
    }
    uint8_t reg = allocate(values_[i].type);
    loadAt(i, reg);
    values_[i].location = ValueLocation::Register;
    values_[i].reg = reg;
  }
}

void ValueStack::popIntoGp(uint8_t reg) {
  if (values_.back().location == ValueLocation::Condition) materializeCondition();
  StackValue value = pop();
  if (value.location == ValueLocation::Register) {
    if (value.reg != reg) {
      a_.mov(x86::gpq(reg), x86::gpq(value.reg));
      free(value.type, value.reg);
    }
    return;
  }
  values_.push_back(value);
  load(value, reg);
  values_.pop_back();
}

void ValueStack::loadAt(size_t position, uint8_t reg, const StackValue& value) {
  switch (value.location) {
    case ValueLocation::Constant:
      if (isFloat(value.type)) {
        if (value.constant == 0) {
          a_.xorps(x86::xmm(reg), x86::xmm(reg));
        } else {
          asmjit::Label constant = poolConstant(value.constant);
          if (value.type == ValType::F32) {
            a_.movss(x86::xmm(reg), x86::dword_ptr(constant));
          } else {
            a_.movsd(x86::xmm(reg), x86::qword_ptr(constant));
          }
        }
      } else if (isWide(value.type)) {
        a_.mov(x86::gpq(reg), value.constant);
      } else {
        a_.mov(x86::gpd(reg), uint32_t(value.constant));
      }
      break;
    case ValueLocation::Register:
    case ValueLocation::Local:
      if (value.reg == reg) break;
      if (isFloat(value.type)) {
        a_.movaps(x86::xmm(reg), x86::xmm(value.reg));
      } else {
        a_.mov(x86::gpq(reg), x86::gpq(value.reg));
      }
      break;
    case ValueLocation::Slot:
      loadFromMemory(value.type, reg, slot(position));
      break;
    case ValueLocation::Condition:
      break;  // callers materialise conditions first
  }
}

void ValueStack::loadFromMemory(ValType type, uint8_t reg, x86::Mem src) {
  switch (type.kind()) {
    case ValKind::F32:
      a_.movss(x86::xmm(reg), src);
      break;
    case ValKind::F64:
      a_.movsd(x86::xmm(reg), src);
      break;
    case ValKind::I32:
      src.setSize(4);
      a_.mov(x86::gpd(reg), src);
      break;
    default:
      a_.mov(x86::gpq(reg), src);
      break;
  }
}

void ValueStack::store(const StackValue& value, const x86::Mem& dst) {
  switch (value.location) {
    case ValueLocation::Constant:
      if (value.constant == int64_t(int32_t(value.constant))) {
        a_.mov(dst, int32_t(value.constant));  // qword store sign-extends
      } else {
        a_.mov(x86::gpq(kScratchGp), value.constant);
        a_.mov(dst, x86::gpq(kScratchGp));
      }
      break;
    case ValueLocation::Register:
    case ValueLocation::Local:
      if (value.type == ValType::F32) {
        x86::Mem d = dst;
        d.setSize(4);
        a_.movss(d, x86::xmm(value.reg));
      } else if (value.type == ValType::F64) {
        x86::Mem d = dst;
        d.setSize(8);
        a_.movsd(d, x86::xmm(value.reg));
      } else {
        a_.mov(dst, x86::gpq(value.reg));
      }
      break;
    case ValueLocation::Slot:
    case ValueLocation::Condition:
      break;  // slot-to-memory copies are the caller's (they know the slot)
  }
}

asmjit::Label ValueStack::poolConstant(int64_t bits) {
  // Functions use few distinct constants; a bounded linear search finds the
  // repeats (a loop's constants) without a map, and past the bound an entry
  // is merely duplicated.
  constexpr size_t kSearched = 64;
  size_t first = constantPool_.size() > kSearched ? constantPool_.size() - kSearched : 0;
  for (size_t i = first; i < constantPool_.size(); ++i) {
    if (constantPool_[i].bits == bits) return constantPool_[i].label;
  }
  constantPool_.push_back({bits, a_.newLabel()});
  return constantPool_.back().label;
}

void ValueStack::emitConstantPool() {
  if (constantPool_.empty()) return;
  a_.align(asmjit::AlignMode::kData, 8);
  for (const PooledConstant& constant : constantPool_) {
    a_.bind(constant.label);
    a_.embed(&constant.bits, sizeof constant.bits);
  }
  constantPool_.clear();
}

}  // namespace kiln::x64
