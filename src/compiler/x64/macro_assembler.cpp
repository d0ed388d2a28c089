#include "compiler/x64/macro_assembler.h"

#include <string>

#include "vm/vm_offsets.h"

namespace kiln::x64 {

void MacroAssembler::load(ValType type, Reg dst, x86::Mem src) {
  switch (type.kind()) {
    case ValKind::F32:
      movss(dst.xmm(), src);
      break;
    case ValKind::F64:
      movsd(dst.xmm(), src);
      break;
    case ValKind::V128:
      // Unaligned: frame slots and globals are 8-byte aligned at most
      // where they matter, and movdqu costs nothing extra on aligned data.
      src.setSize(16);
      movdqu(dst.xmm(), src);
      break;
    case ValKind::I32:
      src.setSize(4);
      mov(dst.gp32(), src);
      break;
    default:
      mov(dst.gp64(), src);
      break;
  }
}

void MacroAssembler::store(ValType type, x86::Mem dst, Reg src) {
  switch (type.kind()) {
    case ValKind::F32:
      dst.setSize(4);
      movss(dst, src.xmm());
      break;
    case ValKind::F64:
      dst.setSize(8);
      movsd(dst, src.xmm());
      break;
    case ValKind::V128:
      dst.setSize(16);
      movdqu(dst, src.xmm());
      break;
    default:
      mov(dst, src.gp64());
      break;
  }
}

void MacroAssembler::move(Reg dst, Reg src) {
  if (dst.isGp()) {
    mov(dst.gp64(), src.gp64());
  } else {
    movaps(dst.xmm(), src.xmm());
  }
}

void MacroAssembler::copyQword(x86::Mem dst, x86::Mem src) {
  mov(kScratchGp.gp64(), src);
  mov(dst, kScratchGp.gp64());
}

void MacroAssembler::copyValue(ValType type, x86::Mem dst, x86::Mem src) {
  if (type != ValType::V128) {
    copyQword(dst, src);
    return;
  }
  load(type, kScratchXmm, src);
  store(type, dst, kScratchXmm);
}

void MacroAssembler::callLibCall(LibCall call, Reg through) {
  mov(through.gp64(), x86::qword_ptr(kVmctxReg.gp64(), VMOffsets::libcalls()));
  if (logger()) {
    // The listing shows the routine, not only the table slot it is read from.
    std::string name(libCallName(call));
    setInlineComment(name.c_str());
    this->call(x86::qword_ptr(through.gp64(), int32_t(8 * uint32_t(call))));
    return;
  }
  this->call(x86::qword_ptr(through.gp64(), int32_t(8 * uint32_t(call))));
}

}  // namespace kiln::x64
