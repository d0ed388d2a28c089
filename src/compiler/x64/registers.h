// Machine registers as the x86-64 compiler names them: a register of either
// class (general purpose or XMM), sets of registers, and the fixed roles the
// compiler gives some of them (docs/compiler.md, "Registers").
#pragma once

#include <asmjit/x86.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <initializer_list>
#include <span>

#include "types/value_type.h"

namespace kiln::x64 {

namespace x86 = asmjit::x86;

/// The two register files a Wasm value can live in.
enum class RegClass : uint8_t { Gp, Xmm };

/// The class holding values of `type`: XMM for floats and vectors, general
/// purpose for integers and references.
constexpr RegClass regClassOf(ValType type) {
  return type == ValType::F32 || type == ValType::F64 || type == ValType::V128 ? RegClass::Xmm
                                                                               : RegClass::Gp;
}

/// True for the types kept in XMM registers.
constexpr bool isFloat(ValType type) { return regClassOf(type) == RegClass::Xmm; }

/// One register of either class, by its hardware number (0..15).
class Reg {
 public:
  constexpr Reg() = default;
  static constexpr Reg ofGp(uint8_t id) { return Reg(RegClass::Gp, id); }
  static constexpr Reg ofXmm(uint8_t id) { return Reg(RegClass::Xmm, id); }

  constexpr RegClass regClass() const { return class_; }
  constexpr bool isGp() const { return class_ == RegClass::Gp; }
  constexpr uint8_t id() const { return id_; }
  /// 0..31: GP registers first, then XMM registers (the bit of a RegSet).
  constexpr uint32_t index() const { return (isGp() ? 0u : 16u) + id_; }

  // The asmjit operands of this register (GP views by width).
  x86::Gp gp64() const { return x86::gpq(id_); }
  x86::Gp gp32() const { return x86::gpd(id_); }
  x86::Gp gp16() const { return x86::gpw(id_); }
  x86::Gp gp8() const { return x86::gpb_lo(id_); }
  /// The GP view `bytes` (1, 2, 4 or 8) wide.
  x86::Gp gp(uint32_t bytes) const {
    switch (bytes) {
      case 1: return gp8();
      case 2: return gp16();
      case 4: return gp32();
      default: return gp64();
    }
  }
  /// The 32-bit view for i32 values, the 64-bit one for everything else.
  x86::Gp gpFor(ValType type) const { return type == ValType::I32 ? gp32() : gp64(); }
  x86::Xmm xmm() const { return x86::xmm(id_); }

  friend constexpr bool operator==(Reg, Reg) = default;

 private:
  constexpr Reg(RegClass regClass, uint8_t id) : class_(regClass), id_(id) {}
  RegClass class_ = RegClass::Gp;
  uint8_t id_ = 0;
};

/// A set of registers of both classes.
class RegSet {
 public:
  constexpr RegSet() = default;
  constexpr RegSet(std::initializer_list<Reg> regs) {
    for (Reg reg : regs) add(reg);
  }

  constexpr bool contains(Reg reg) const { return bits_ & bit(reg); }
  constexpr void add(Reg reg) { bits_ |= bit(reg); }
  constexpr void remove(Reg reg) { bits_ &= ~bit(reg); }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr RegSet operator|(RegSet other) const { return RegSet(bits_ | other.bits_); }
  constexpr RegSet operator&(RegSet other) const { return RegSet(bits_ & other.bits_); }
  /// The registers of this set not in `other`.
  constexpr RegSet without(RegSet other) const { return RegSet(bits_ & ~other.bits_); }
  /// The registers of one class.
  constexpr RegSet ofClass(RegClass regClass) const {
    return RegSet(bits_ & (regClass == RegClass::Gp ? 0xFFFFu : 0xFFFF0000u));
  }
  /// The register with the lowest number (the set must not be empty).
  constexpr Reg first() const {
    uint32_t index = uint32_t(std::countr_zero(bits_));
    return index < 16 ? Reg::ofGp(uint8_t(index)) : Reg::ofXmm(uint8_t(index - 16));
  }
  /// Iterates from the lowest index: `for (Reg r : set)`.
  class Iterator {
   public:
    constexpr explicit Iterator(uint32_t bits) : bits_(bits) {}
    constexpr Reg operator*() const { return RegSet(bits_).first(); }
    constexpr Iterator& operator++() {
      bits_ &= bits_ - 1;
      return *this;
    }
    constexpr bool operator!=(const Iterator& other) const { return bits_ != other.bits_; }

   private:
    uint32_t bits_;
  };
  constexpr Iterator begin() const { return Iterator(bits_); }
  constexpr Iterator end() const { return Iterator(0); }

 private:
  constexpr explicit RegSet(uint32_t bits) : bits_(bits) {}
  static constexpr uint32_t bit(Reg reg) { return 1u << reg.index(); }
  uint32_t bits_ = 0;
};

// The registers the compiler names, by their System V names.
inline constexpr Reg kRax = Reg::ofGp(0);
inline constexpr Reg kRcx = Reg::ofGp(1);
inline constexpr Reg kRdx = Reg::ofGp(2);
inline constexpr Reg kRbx = Reg::ofGp(3);
inline constexpr Reg kRsi = Reg::ofGp(6);
inline constexpr Reg kRdi = Reg::ofGp(7);
inline constexpr Reg kR8 = Reg::ofGp(8);
inline constexpr Reg kR9 = Reg::ofGp(9);
inline constexpr Reg kR10 = Reg::ofGp(10);
inline constexpr Reg kR11 = Reg::ofGp(11);
inline constexpr Reg kR12 = Reg::ofGp(12);
inline constexpr Reg kR13 = Reg::ofGp(13);
inline constexpr Reg kR14 = Reg::ofGp(14);
inline constexpr Reg kR15 = Reg::ofGp(15);
inline constexpr Reg kXmm0 = Reg::ofXmm(0);

/// Never allocated: r11 and xmm15 are scratch within one instruction's
/// sequence, r14 holds the vmctx and r15 the base of memory 0.
inline constexpr Reg kScratchGp = kR11;
inline constexpr Reg kScratchXmm = Reg::ofXmm(15);
inline constexpr Reg kVmctxReg = kR14;
inline constexpr Reg kMemoryBaseReg = kR15;

/// The registers handed to stack values, in the order they are handed out:
/// rax, rcx and rdx (which div and shifts need) last.
inline constexpr Reg kAllocatableGp[] = {kRsi, kRax, kRcx, kRdx};
/// xmm0..xmm5 and xmm14, lowest first.
inline constexpr RegSet kAllocatableXmm = {Reg::ofXmm(0), Reg::ofXmm(1), Reg::ofXmm(2), Reg::ofXmm(3),
                                           Reg::ofXmm(4), Reg::ofXmm(5), Reg::ofXmm(14)};

/// Registers reserved as the homes of a function's hottest locals (see
/// FunctionCompiler::chooseLocalHomes), never allocated to stack values,
/// heaviest local first. The first kCalleeSavedLocalGpRegs GP ones are
/// callee-saved under System V, so libcalls and host calls keep them; a
/// function that uses them saves them in its frame, so Wasm calls keep them
/// too. The other registers survive no call: a local homed in one is stored
/// to its frame slot around every call.
inline constexpr Reg kLocalGpRegs[] = {kRbx, kR12, kR13, kR10, kR9, kR8, kRdi};
inline constexpr uint32_t kCalleeSavedLocalGpRegs = 3;

/// In code that meters fuel (Config::consumeFuel), r13 holds the store's
/// fuel counter for the whole of a host -> Wasm entry (docs/fuel.md, "Cost"):
/// callee-saved, so libcalls and host code keep it; no function saves or
/// homes a local in it.
inline constexpr Reg kFuelReg = kR13;

/// The GP registers for the homes of locals, in the order of kLocalGpRegs;
/// the first `calleeSaved` survive libcalls and host calls.
struct LocalGpRegs {
  std::span<const Reg> regs;
  uint32_t calleeSaved;
};

namespace detail {
/// kLocalGpRegs without kFuelReg, which is one of the callee-saved ones.
inline constexpr auto kLocalGpRegsBesideFuel = [] {
  std::array<Reg, std::size(kLocalGpRegs) - 1> regs{};
  size_t next = 0;
  for (Reg reg : kLocalGpRegs) {
    if (reg != kFuelReg) regs[next++] = reg;
  }
  return regs;
}();
static_assert(std::find(kLocalGpRegs, kLocalGpRegs + kCalleeSavedLocalGpRegs, kFuelReg) !=
              kLocalGpRegs + kCalleeSavedLocalGpRegs);
}  // namespace detail

/// The registers locals may live in: all of kLocalGpRegs, or with fuel
/// metered all but kFuelReg.
constexpr LocalGpRegs localGpRegs(bool meterFuel) {
  if (meterFuel) return {detail::kLocalGpRegsBesideFuel, kCalleeSavedLocalGpRegs - 1};
  return {kLocalGpRegs, kCalleeSavedLocalGpRegs};
}
inline constexpr Reg kLocalXmmRegs[] = {Reg::ofXmm(6),  Reg::ofXmm(7),  Reg::ofXmm(8),  Reg::ofXmm(9),
                                        Reg::ofXmm(10), Reg::ofXmm(11), Reg::ofXmm(12), Reg::ofXmm(13)};

/// System V integer argument registers, in order.
inline constexpr Reg kIntArgRegs[] = {kRdi, kRsi, kRdx, kRcx, kR8, kR9};

}  // namespace kiln::x64
