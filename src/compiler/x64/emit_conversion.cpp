// Conversions between value types: wrap/extend, float <-> int (trapping and
// saturating), demote/promote and reinterpretations.
#include <bit>

#include "compiler/x64/function_compiler.h"

namespace kiln::x64 {

namespace {

// A float -> int truncation. The source is in range when lo < x (or lo <= x
// when `loInclusive`) and x < hi; the bounds are exact in the source type.
struct TruncateEntry {
  Opcode op;
  bool fromF64;
  bool toI64;
  bool isSigned;
  bool saturating;
};

constexpr TruncateEntry kTruncates[] = {
    {Opcode::I32TruncF32S, false, false, true, false},
    {Opcode::I32TruncF32U, false, false, false, false},
    {Opcode::I32TruncF64S, true, false, true, false},
    {Opcode::I32TruncF64U, true, false, false, false},
    {Opcode::I64TruncF32S, false, true, true, false},
    {Opcode::I64TruncF32U, false, true, false, false},
    {Opcode::I64TruncF64S, true, true, true, false},
    {Opcode::I64TruncF64U, true, true, false, false},
    {Opcode::I32TruncSatF32S, false, false, true, true},
    {Opcode::I32TruncSatF32U, false, false, false, true},
    {Opcode::I32TruncSatF64S, true, false, true, true},
    {Opcode::I32TruncSatF64U, true, false, false, true},
    {Opcode::I64TruncSatF32S, false, true, true, true},
    {Opcode::I64TruncSatF32U, false, true, false, true},
    {Opcode::I64TruncSatF64S, true, true, true, true},
    {Opcode::I64TruncSatF64U, true, true, false, true},
};

struct ConvertEntry {
  Opcode op;
  bool fromI64;
  bool isSigned;
  bool toF64;
};

constexpr ConvertEntry kConverts[] = {
    {Opcode::F32ConvertI32S, false, true, false},  {Opcode::F32ConvertI32U, false, false, false},
    {Opcode::F32ConvertI64S, true, true, false},   {Opcode::F32ConvertI64U, true, false, false},
    {Opcode::F64ConvertI32S, false, true, true},   {Opcode::F64ConvertI32U, false, false, true},
    {Opcode::F64ConvertI64S, true, true, true},    {Opcode::F64ConvertI64U, true, false, true},
};

}  // namespace

bool FunctionCompiler::emitConversionOp(Opcode op) {
  for (const TruncateEntry& entry : kTruncates) {
    if (entry.op == op) {
      emitTruncate(op);
      return true;
    }
  }
  for (const ConvertEntry& entry : kConverts) {
    if (entry.op == op) {
      emitIntToFloat(op);
      return true;
    }
  }
  switch (op) {
    case Opcode::I32WrapI64:
    case Opcode::I64ExtendI32U: {
      // A 32-bit move clears the upper half: wrap and zero-extension in one.
      uint8_t reg = stack_.popToRegister();
      a_.mov(x86::gpd(reg), x86::gpd(reg));
      stack_.pushRegister(op == Opcode::I32WrapI64 ? ValType::I32 : ValType::I64, reg);
      return true;
    }
    case Opcode::I64ExtendI32S: {
      uint8_t reg = stack_.popToRegister();
      a_.movsxd(x86::gpq(reg), x86::gpd(reg));
      stack_.pushRegister(ValType::I64, reg);
      return true;
    }
    case Opcode::F32DemoteF64:
    case Opcode::F64PromoteF32: {
      uint8_t reg = stack_.popToRegister();
      if (op == Opcode::F32DemoteF64) {
        a_.cvtsd2ss(x86::xmm(reg), x86::xmm(reg));
      } else {
        a_.cvtss2sd(x86::xmm(reg), x86::xmm(reg));
      }
      stack_.pushRegister(op == Opcode::F32DemoteF64 ? ValType::F32 : ValType::F64, reg);
      return true;
    }
    case Opcode::I32ReinterpretF32:
    case Opcode::I64ReinterpretF64: {
      bool wide = op == Opcode::I64ReinterpretF64;
      uint8_t src = stack_.popToRegister();
      uint8_t dst = stack_.allocateGp();
      if (wide) {
        a_.movq(x86::gpq(dst), x86::xmm(src));
      } else {
        a_.movd(x86::gpd(dst), x86::xmm(src));
      }
      stack_.free(wide ? ValType::F64 : ValType::F32, src);
      stack_.pushRegister(wide ? ValType::I64 : ValType::I32, dst);
      return true;
    }
    case Opcode::F32ReinterpretI32:
    case Opcode::F64ReinterpretI64: {
      bool wide = op == Opcode::F64ReinterpretI64;
      ValType type = wide ? ValType::F64 : ValType::F32;
      uint8_t src = stack_.popToRegister();
      uint8_t dst = stack_.allocate(type);
      if (wide) {
        a_.movq(x86::xmm(dst), x86::gpq(src));
      } else {
        a_.movd(x86::xmm(dst), x86::gpd(src));
      }
      stack_.free(ValType::I64, src);
      stack_.pushRegister(type, dst);
      return true;
    }
    default:
      return false;
  }
}

void FunctionCompiler::emitTruncate(Opcode op) {
  const TruncateEntry* entry = nullptr;
  for (const TruncateEntry& e : kTruncates) {
    if (e.op == op) entry = &e;
  }
  const bool fromF64 = entry->fromF64;
  const bool toI64 = entry->toI64;
  double lo;
  bool loInclusive;
  double hi;
  if (!entry->isSigned) {
    lo = -1.0;
    loInclusive = false;
    hi = toI64 ? 18446744073709551616.0 : 4294967296.0;
  } else if (toI64) {
    lo = -9223372036854775808.0;
    loInclusive = true;
    hi = 9223372036854775808.0;
  } else {
    lo = fromF64 ? -2147483649.0 : -2147483648.0;
    loInclusive = !fromF64;
    hi = 2147483648.0;
  }
  x86::Xmm bound = x86::xmm(kScratchXmm);
  auto loadBound = [&](double value) {
    if (fromF64) {
      a_.mov(x86::r11, std::bit_cast<int64_t>(value));
      a_.movq(bound, x86::r11);
    } else {
      a_.mov(x86::r11d, std::bit_cast<uint32_t>(float(value)));
      a_.movd(bound, x86::r11d);
    }
  };
  auto ucomis = [&](const x86::Xmm& x, const x86::Xmm& y) {
    if (fromF64) {
      a_.ucomisd(x, y);
    } else {
      a_.ucomiss(x, y);
    }
  };
  auto truncate = [&](const x86::Gp& dst, const x86::Xmm& x) {
    if (fromF64) {
      a_.cvttsd2si(dst, x);
    } else {
      a_.cvttss2si(dst, x);
    }
  };

  ValType srcType = fromF64 ? ValType::F64 : ValType::F32;
  ValType dstType = toI64 ? ValType::I64 : ValType::I32;
  uint8_t src = stack_.popToRegister();
  uint8_t dst = stack_.allocateGp();
  x86::Xmm x = x86::xmm(src);
  x86::Gp d64 = x86::gpq(dst);

  asmjit::Label done = a_.newLabel();
  asmjit::Label nanPath, lowPath, highPath;
  if (entry->saturating) {
    nanPath = a_.newLabel();
    lowPath = a_.newLabel();
    highPath = a_.newLabel();
  } else {
    nanPath = trapLabel(TrapCode::BadConversionToInteger);
    lowPath = highPath = trapLabel(TrapCode::IntegerOverflow);
  }
  ucomis(x, x);
  a_.jp(nanPath);
  loadBound(lo);
  ucomis(x, bound);
  if (loInclusive) {
    a_.jb(lowPath);
  } else {
    a_.jbe(lowPath);
  }
  loadBound(hi);
  ucomis(x, bound);
  a_.jae(highPath);
  if (entry->isSigned) {
    truncate(toI64 ? d64 : x86::Gp(x86::gpd(dst)), x);
  } else if (!toI64) {
    truncate(d64, x);  // below 2^32: exact in 64 bits
    a_.mov(x86::gpd(dst), x86::gpd(dst));
  } else {
    // At or above 2^63 the signed conversion overflows: subtract 2^63 first
    // and put the top bit back.
    asmjit::Label big = a_.newLabel();
    loadBound(9223372036854775808.0);
    ucomis(x, bound);
    a_.jae(big);
    truncate(d64, x);
    a_.jmp(done);
    a_.bind(big);
    if (fromF64) {
      a_.subsd(x, bound);
    } else {
      a_.subss(x, bound);
    }
    truncate(d64, x);
    a_.btc(d64, 63);
  }
  if (entry->saturating) {
    a_.jmp(done);
    a_.bind(nanPath);
    a_.xor_(x86::gpd(dst), x86::gpd(dst));
    a_.jmp(done);
    a_.bind(lowPath);
    if (!entry->isSigned) {
      a_.xor_(x86::gpd(dst), x86::gpd(dst));
    } else if (toI64) {
      a_.mov(d64, INT64_MIN);
    } else {
      a_.mov(x86::gpd(dst), uint32_t(INT32_MIN));
    }
    a_.jmp(done);
    a_.bind(highPath);
    if (toI64) {
      a_.mov(d64, entry->isSigned ? INT64_MAX : int64_t(-1));
    } else {
      a_.mov(x86::gpd(dst), entry->isSigned ? uint32_t(INT32_MAX) : UINT32_MAX);
    }
  }
  a_.bind(done);
  stack_.free(srcType, src);
  stack_.pushRegister(dstType, dst);
}

void FunctionCompiler::emitIntToFloat(Opcode op) {
  const ConvertEntry* entry = nullptr;
  for (const ConvertEntry& e : kConverts) {
    if (e.op == op) entry = &e;
  }
  ValType type = entry->toF64 ? ValType::F64 : ValType::F32;
  uint8_t src = stack_.popToRegister();
  uint8_t dst = stack_.allocate(type);
  x86::Xmm d = x86::xmm(dst);
  auto convert = [&](const x86::Gp& from) {
    if (entry->toF64) {
      a_.cvtsi2sd(d, from);
    } else {
      a_.cvtsi2ss(d, from);
    }
  };
  a_.xorps(d, d);  // cvtsi2s* merges into the old value: break the dependency
  if (!entry->fromI64 && entry->isSigned) {
    convert(x86::gpd(src));
  } else if (!entry->fromI64 || entry->isSigned) {
    convert(x86::gpq(src));  // u32 is zero-extended in its register: exact as i64
  } else {
    // u64 with the top bit set: halve (keeping the low bit, so rounding is
    // unchanged), convert, double.
    asmjit::Label big = a_.newLabel();
    asmjit::Label done = a_.newLabel();
    a_.test(x86::gpq(src), x86::gpq(src));
    a_.js(big);
    convert(x86::gpq(src));
    a_.jmp(done);
    a_.bind(big);
    a_.mov(x86::r11, x86::gpq(src));
    a_.shr(x86::r11, 1);
    a_.and_(x86::gpq(src), 1);
    a_.or_(x86::r11, x86::gpq(src));
    convert(x86::r11);
    if (entry->toF64) {
      a_.addsd(d, d);
    } else {
      a_.addss(d, d);
    }
    a_.bind(done);
  }
  stack_.free(ValType::I64, src);
  stack_.pushRegister(type, dst);
}

}  // namespace kiln::x64
