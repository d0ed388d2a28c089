// Conversions between value types: wrap/extend, float <-> int (trapping and
// saturating), demote/promote and reinterpretations.
#include <bit>

#include "compiler/x64/function_compiler.h"

namespace kiln::x64 {

// Float -> int truncations: source f64, result i64, signed, saturating.
#define KILN_TRUNCATE(op, fromF64, toI64, isSigned, saturating)   \
  template <>                                                     \
  void FunctionCompiler::visit<Opcode::op>(const Instruction&) {  \
    emitTruncate({fromF64, toI64, isSigned, saturating});         \
  }
KILN_TRUNCATE(I32TruncF32S, false, false, true, false)
KILN_TRUNCATE(I32TruncF32U, false, false, false, false)
KILN_TRUNCATE(I32TruncF64S, true, false, true, false)
KILN_TRUNCATE(I32TruncF64U, true, false, false, false)
KILN_TRUNCATE(I64TruncF32S, false, true, true, false)
KILN_TRUNCATE(I64TruncF32U, false, true, false, false)
KILN_TRUNCATE(I64TruncF64S, true, true, true, false)
KILN_TRUNCATE(I64TruncF64U, true, true, false, false)
KILN_TRUNCATE(I32TruncSatF32S, false, false, true, true)
KILN_TRUNCATE(I32TruncSatF32U, false, false, false, true)
KILN_TRUNCATE(I32TruncSatF64S, true, false, true, true)
KILN_TRUNCATE(I32TruncSatF64U, true, false, false, true)
KILN_TRUNCATE(I64TruncSatF32S, false, true, true, true)
KILN_TRUNCATE(I64TruncSatF32U, false, true, false, true)
KILN_TRUNCATE(I64TruncSatF64S, true, true, true, true)
KILN_TRUNCATE(I64TruncSatF64U, true, true, false, true)
#undef KILN_TRUNCATE

// Int -> float conversions: source i64, signed, result f64.
#define KILN_CONVERT(op, fromI64, isSigned, toF64)                \
  template <>                                                     \
  void FunctionCompiler::visit<Opcode::op>(const Instruction&) {  \
    emitIntToFloat(fromI64, isSigned, toF64);                     \
  }
KILN_CONVERT(F32ConvertI32S, false, true, false)
KILN_CONVERT(F32ConvertI32U, false, false, false)
KILN_CONVERT(F32ConvertI64S, true, true, false)
KILN_CONVERT(F32ConvertI64U, true, false, false)
KILN_CONVERT(F64ConvertI32S, false, true, true)
KILN_CONVERT(F64ConvertI32U, false, false, true)
KILN_CONVERT(F64ConvertI64S, true, true, true)
KILN_CONVERT(F64ConvertI64U, true, false, true)
#undef KILN_CONVERT

template <>
void FunctionCompiler::visit<Opcode::I32WrapI64>(const Instruction&) {
  emitMove32(ValType::I32);
}

template <>
void FunctionCompiler::visit<Opcode::I64ExtendI32U>(const Instruction&) {
  emitMove32(ValType::I64);
}

template <>
void FunctionCompiler::visit<Opcode::I64ExtendI32S>(const Instruction&) {
  Reg reg = stack_.popToRegister();
  a_.movsxd(reg.gp64(), reg.gp32());
  stack_.pushRegister(ValType::I64, reg);
}

template <>
void FunctionCompiler::visit<Opcode::F32DemoteF64>(const Instruction&) {
  emitFloatToFloat(false);
}

template <>
void FunctionCompiler::visit<Opcode::F64PromoteF32>(const Instruction&) {
  emitFloatToFloat(true);
}

template <>
void FunctionCompiler::visit<Opcode::I32ReinterpretF32>(const Instruction&) {
  emitReinterpret(ValType::F32, ValType::I32);
}

template <>
void FunctionCompiler::visit<Opcode::I64ReinterpretF64>(const Instruction&) {
  emitReinterpret(ValType::F64, ValType::I64);
}

template <>
void FunctionCompiler::visit<Opcode::F32ReinterpretI32>(const Instruction&) {
  emitReinterpret(ValType::I32, ValType::F32);
}

template <>
void FunctionCompiler::visit<Opcode::F64ReinterpretI64>(const Instruction&) {
  emitReinterpret(ValType::I64, ValType::F64);
}

void FunctionCompiler::emitMove32(ValType result) {
  Reg reg = stack_.popToRegister();
  a_.mov(reg.gp32(), reg.gp32());
  stack_.pushRegister(result, reg);
}

void FunctionCompiler::emitFloatToFloat(bool toF64) {
  Reg reg = stack_.popToRegister();
  if (toF64) {
    a_.cvtss2sd(reg.xmm(), reg.xmm());
  } else {
    a_.cvtsd2ss(reg.xmm(), reg.xmm());
  }
  stack_.pushRegister(toF64 ? ValType::F64 : ValType::F32, reg);
}

void FunctionCompiler::emitReinterpret(ValType from, ValType to) {
  Reg src = stack_.popToRegister();
  Reg dst = stack_.allocate(to);
  bool wide = from == ValType::I64 || from == ValType::F64;
  if (isFloat(from)) {
    if (wide) {
      a_.movq(dst.gp64(), src.xmm());
    } else {
      a_.movd(dst.gp32(), src.xmm());
    }
  } else if (wide) {
    a_.movq(dst.xmm(), src.gp64());
  } else {
    a_.movd(dst.xmm(), src.gp32());
  }
  stack_.free(src);
  stack_.pushRegister(to, dst);
}

void FunctionCompiler::emitTruncate(const Truncation& truncation) {
  const bool fromF64 = truncation.fromF64;
  const bool toI64 = truncation.toI64;
  double lo;
  bool loInclusive;
  double hi;
  if (!truncation.isSigned) {
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
  x86::Xmm bound = kScratchXmm.xmm();
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

  ValType dstType = toI64 ? ValType::I64 : ValType::I32;
  Reg src = stack_.popToRegister();
  Reg dst = stack_.allocateGp();
  x86::Xmm x = src.xmm();
  x86::Gp d64 = dst.gp64();

  asmjit::Label done = a_.newLabel();
  asmjit::Label nanPath, lowPath, highPath;
  if (truncation.saturating) {
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
  if (truncation.isSigned) {
    truncate(toI64 ? d64 : dst.gp32(), x);
  } else if (!toI64) {
    truncate(d64, x);  // below 2^32: exact in 64 bits
    a_.mov(dst.gp32(), dst.gp32());
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
  if (truncation.saturating) {
    a_.jmp(done);
    a_.bind(nanPath);
    a_.xor_(dst.gp32(), dst.gp32());
    a_.jmp(done);
    a_.bind(lowPath);
    if (!truncation.isSigned) {
      a_.xor_(dst.gp32(), dst.gp32());
    } else if (toI64) {
      a_.mov(d64, INT64_MIN);
    } else {
      a_.mov(dst.gp32(), uint32_t(INT32_MIN));
    }
    a_.jmp(done);
    a_.bind(highPath);
    if (toI64) {
      a_.mov(d64, truncation.isSigned ? INT64_MAX : int64_t(-1));
    } else {
      a_.mov(dst.gp32(), truncation.isSigned ? uint32_t(INT32_MAX) : UINT32_MAX);
    }
  }
  a_.bind(done);
  stack_.free(src);
  stack_.pushRegister(dstType, dst);
}

void FunctionCompiler::emitIntToFloat(bool fromI64, bool isSigned, bool toF64) {
  ValType type = toF64 ? ValType::F64 : ValType::F32;
  Reg src = stack_.popToRegister();
  Reg dst = stack_.allocate(type);
  x86::Xmm d = dst.xmm();
  auto convert = [&](const x86::Gp& from) {
    if (toF64) {
      a_.cvtsi2sd(d, from);
    } else {
      a_.cvtsi2ss(d, from);
    }
  };
  a_.xorps(d, d);  // cvtsi2s* merges into the old value: break the dependency
  if (!fromI64 && isSigned) {
    convert(src.gp32());
  } else if (!fromI64 || isSigned) {
    convert(src.gp64());  // u32 is zero-extended in its register: exact as i64
  } else {
    // u64 with the top bit set: halve (keeping the low bit, so rounding is
    // unchanged), convert, double.
    asmjit::Label big = a_.newLabel();
    asmjit::Label done = a_.newLabel();
    a_.test(src.gp64(), src.gp64());
    a_.js(big);
    convert(src.gp64());
    a_.jmp(done);
    a_.bind(big);
    a_.mov(x86::r11, src.gp64());
    a_.shr(x86::r11, 1);
    a_.and_(src.gp64(), 1);
    a_.or_(x86::r11, src.gp64());
    convert(x86::r11);
    if (toF64) {
      a_.addsd(d, d);
    } else {
      a_.addss(d, d);
    }
    a_.bind(done);
  }
  stack_.free(src);
  stack_.pushRegister(type, dst);
}

}  // namespace kiln::x64
