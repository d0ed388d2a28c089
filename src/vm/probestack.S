// kiln_probestack: called from the prologue of a compiled function whose
// frame is larger than a page, before it moves rsp. Non-standard ABI: the
// frame size in bytes is in rax; every register (rax included) is preserved,
// flags are not. Touches one byte in every page of the new frame, from the
// top down, so the first page hit past the stack is always the guard page.
        .intel_syntax noprefix
        .text
        .globl  kiln_probestack
        .hidden kiln_probestack
        .type   kiln_probestack, @function
        .globl  kiln_probestack_end
        .hidden kiln_probestack_end
        .p2align 4
kiln_probestack:
        .cfi_startproc
        push    rcx
        .cfi_def_cfa_offset 16
        push    rax
        .cfi_def_cfa_offset 24
        lea     rcx, [rsp + 24]         // the caller's rsp: the top of the new frame
.Lprobe_page:
        cmp     rax, 4096
        jbe     .Lprobe_last
        sub     rcx, 4096
        test    [rcx], ecx              // a read faults on a guard page
        sub     rax, 4096
        jmp     .Lprobe_page
.Lprobe_last:
        sub     rcx, rax
        test    [rcx], ecx
        pop     rax
        .cfi_def_cfa_offset 16
        pop     rcx
        .cfi_def_cfa_offset 8
        ret
        .cfi_endproc
kiln_probestack_end:
        .size   kiln_probestack, .-kiln_probestack

        .section .note.GNU-stack,"",@progbits
