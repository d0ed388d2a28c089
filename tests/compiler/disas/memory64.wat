;; kiln inspect --asm: a 64-bit memory is bounds-checked even with guard
;; pages, and address + offset + size may carry out of 64 bits (jc); a
;; constant address whose access ends within the minimum needs no check.
;; Memory 1 is reached through its definition in the vmctx: its base goes to
;; a register of its own, while r15 keeps memory 0's.
(module
  (memory 1)
  (memory i64 2)
  (func $load64 (param i64) (result i64)
    (i64.load 1 offset=16 (local.get 0)))
  (func $store64_constant (param i32)
    (i32.store 1 (i64.const 131068) (local.get 0)))
  (func $load_both (param i32) (result i32)
    (i32.add (i32.load 0 (local.get 0)) (i32.load8_u 1 (i64.extend_i32_u (local.get 0))))))

;; expected:
;; func[0] $load64 (i64) -> (i64):
;; mov r14, rdi                                ; 4989FE
;; mov r15, qword ptr [r14+32]                 ; 4D8B7E20
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 48                                 ; 4883EC30
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x2b local.get
;; mov rsi, qword ptr [rbp+16]                 ; 488B7510
;; ; wasm 0x2d i64.load
;; mov r11, rsi                                ; 4989F3
;; add r11, 24                                 ; 4983C318
;; jc L4                                       ; 0F82........
;; cmp r11, qword ptr [r14+56]                 ; 4D3B5E38
;; ja L4                                       ; 0F87........
;; mov rax, qword ptr [r14+48]                 ; 498B4630
;; mov rsi, qword ptr [rax+rsi+16]             ; 488B743010
;; ; wasm 0x31 end
;; mov rax, rsi                                ; 4889F0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBB4
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L4:
;; mov edi, 1                                  ; BF01000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[1] $store64_constant (i32) -> ():
;; mov r14, rdi                                ; 4989FE
;; mov r15, qword ptr [r14+32]                 ; 4D8B7E20
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 48                                 ; 4883EC30
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x34 i64.const
;; ; wasm 0x38 local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x3a i32.store
;; mov rax, 131068                             ; 48C7C0FCFF0100
;; mov rcx, qword ptr [r14+48]                 ; 498B4E30
;; mov dword ptr [rcx+rax], esi                ; 893401
;; ; wasm 0x3e end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBCA
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[2] $load_both (i32) -> (i32):
;; mov r14, rdi                                ; 4989FE
;; mov r15, qword ptr [r14+32]                 ; 4D8B7E20
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 48                                 ; 4883EC30
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x41 local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x43 i32.load
;; mov esi, dword ptr [r15+rsi]                ; 418B3437
;; ; wasm 0x46 local.get
;; mov eax, dword ptr [rbp+16]                 ; 8B4510
;; ; wasm 0x48 i64.extend_i32_u
;; mov eax, eax                                ; 89C0
;; ; wasm 0x49 i32.load8_u
;; mov r11, rax                                ; 4989C3
;; add r11, 1                                  ; 4983C301
;; jc L4                                       ; 0F82........
;; cmp r11, qword ptr [r14+56]                 ; 4D3B5E38
;; ja L4                                       ; 0F87........
;; mov rcx, qword ptr [r14+48]                 ; 498B4E30
;; movzx eax, byte ptr [rcx+rax]               ; 0FB60401
;; ; wasm 0x4d i32.add
;; add esi, eax                                ; 01C6
;; ; wasm 0x4e end
;; mov rax, rsi                                ; 4889F0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBAB
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L4:
;; mov edi, 1                                  ; BF01000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
