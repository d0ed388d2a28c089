// Entry into and trap exit out of compiled Wasm code (x86-64 System V).
// The EntryRecord layout (call_state.h): 0 stack pointer, 8 frame pointer,
// 16 resume address, 24 previous.
        .intel_syntax noprefix
        .text

// uint32_t kiln_enter_wasm(EntryRecord* record, const void* target,
//                          void* vmctx, void* args, int64_t* fuelCounter)
// With a fuel counter, compiled code keeps it in r13 (src/compiler/x64/
// emit_fuel.cpp): loaded here, written back however the entry ends.
        .globl  kiln_enter_wasm
        .hidden kiln_enter_wasm
        .type   kiln_enter_wasm, @function
        .p2align 4
kiln_enter_wasm:
        .cfi_startproc
        push    rbp
        .cfi_def_cfa_offset 16
        .cfi_offset rbp, -16
        mov     rbp, rsp
        .cfi_def_cfa_register rbp
        push    rbx
        push    r12
        push    r13
        push    r14
        push    r15
        .cfi_offset rbx, -24
        .cfi_offset r12, -32
        .cfi_offset r13, -40
        .cfi_offset r14, -48
        .cfi_offset r15, -56
        push    r8                      // [rbp - 48]; also keeps the call 16-byte aligned
        test    r8, r8
        jz      .Lcounted
        mov     r13, [r8]
.Lcounted:
        mov     [rdi], rsp
        mov     [rdi + 8], rbp
        lea     rax, [rip + .Lresume]
        mov     [rdi + 16], rax
        mov     rax, rsi
        mov     rdi, rdx
        mov     rsi, rcx
        call    rax
        xor     eax, eax
        jmp     .Lexit
.Lresume:
        // A trap restored rsp and rbp from the record; the callee-saved
        // registers are still in this frame.
        mov     eax, 1
.Lexit:
        // Trapped too: kiln_raise_trap and the signal handler leave r13 as
        // the Wasm code had it.
        mov     rcx, [rbp - 48]
        test    rcx, rcx
        jz      .Lrestore
        mov     [rcx], r13
.Lrestore:
        lea     rsp, [rbp - 40]
        pop     r15
        pop     r14
        pop     r13
        pop     r12
        pop     rbx
        pop     rbp
        .cfi_def_cfa rsp, 8
        ret
        .cfi_endproc
        .size   kiln_enter_wasm, .-kiln_enter_wasm

// [[noreturn]] void kiln_raise_trap(uint32_t code)
// Records the trap (unless a libcall already recorded a more precise one)
// with the return addresses of the Wasm frames for its backtrace, and
// resumes the innermost entry, discarding only compiled Wasm frames. With an
// exception pending instead (a throw), resumes the landing pad of its
// handler, the exception in rdx, when a Wasm frame of this entry has one.
        .globl  kiln_raise_trap
        .hidden kiln_raise_trap
        .type   kiln_raise_trap, @function
        .p2align 4
kiln_raise_trap:
        .cfi_startproc
        mov     rsi, [rsp]              // return address into the raising code
        mov     rdx, rbp                // its frame pointer
        sub     rsp, 8                  // align for the call
        .cfi_def_cfa_offset 16
        call    kiln_record_trap_for_raise@PLT
        // rax: the ResumePoint or EntryRecord; rdx: the exception
        mov     rsp, [rax]
        mov     rbp, [rax + 8]
        jmp     qword ptr [rax + 16]
        .cfi_endproc
        .size   kiln_raise_trap, .-kiln_raise_trap

        .section .note.GNU-stack,"",@progbits
