;; kiln inspect --asm --force-libcalls: rounding through its libcalls (float
;; argument and result in xmm0, no vmctx), and the bulk-memory libcalls with
;; the vmctx in rdi and the memory's index in rsi, followed by the check of
;; their sentinel (al = 0: the routine recorded a trap) that raises it.
(module
  (memory 1)
  (data $d "hello")
  (func $ceil (param f32) (result f32)
    (f32.ceil (local.get 0)))
  (func $trunc (param f64) (result f64)
    (f64.trunc (local.get 0)))
  (func $fill (param i32 i32)
    (memory.fill (local.get 0) (i32.const 0) (local.get 1)))
  (func $copy (param i32 i32 i32)
    (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func $init (param i32)
    (memory.init $d (local.get 0) (i32.const 1) (i32.const 3))
    (data.drop $d)))

;; expected:
;; func[0] $ceil (f32) -> (f32):
;; mov r14, rdi                                ; 4989FE
;; mov r15, qword ptr [r14+32]                 ; 4D8B7E20
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 64                                 ; 4883EC40
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x39 local.get
;; movss xmm0, qword ptr [rbp+16]              ; F30F104510
;; ; wasm 0x3b f32.ceil
;; movss dword ptr [rbp-16], xmm0              ; F30F1145F0
;; movss xmm0, qword ptr [rbp-16]              ; F30F1045F0
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax]                        ; FF10                    | kiln_f32_ceil
;; ; wasm 0x3c end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBC7
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[1] $trunc (f64) -> (f64):
;; mov r14, rdi                                ; 4989FE
;; mov r15, qword ptr [r14+32]                 ; 4D8B7E20
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 64                                 ; 4883EC40
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x3f local.get
;; movsd xmm0, qword ptr [rbp+16]              ; F20F104510
;; ; wasm 0x41 f64.trunc
;; movsd qword ptr [rbp-16], xmm0              ; F20F1145F0
;; movsd xmm0, qword ptr [rbp-16]              ; F20F1045F0
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+48]                     ; FF5030                  | kiln_f64_trunc
;; ; wasm 0x42 end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBC6
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[2] $fill (i32, i32) -> ():
;; mov r14, rdi                                ; 4989FE
;; mov r15, qword ptr [r14+32]                 ; 4D8B7E20
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 80                                 ; 4883EC50
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x45 local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x47 i32.const
;; ; wasm 0x49 local.get
;; mov eax, dword ptr [rbp+24]                 ; 8B4518
;; ; wasm 0x4b memory.fill
;; mov qword ptr [rbp-16], rsi                 ; 488975F0
;; mov qword ptr [rbp-32], rax                 ; 488945E0
;; mov rdi, r14                                ; 4C89F7
;; mov esi, 0                                  ; BE00000000
;; mov edx, dword ptr [rbp-16]                 ; 8B55F0
;; mov ecx, 0                                  ; B900000000
;; mov r8d, dword ptr [rbp-32]                 ; 448B45E0
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+144]                    ; FF9090000000            | kiln_memory32_fill
;; test al, al                                 ; 84C0
;; jz L4                                       ; 0F84........
;; ; wasm 0x4e end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBA8
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L4:
;; mov edi, 1                                  ; BF01000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[3] $copy (i32, i32, i32) -> ():
;; mov r14, rdi                                ; 4989FE
;; mov r15, qword ptr [r14+32]                 ; 4D8B7E20
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 80                                 ; 4883EC50
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x51 local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x53 local.get
;; mov eax, dword ptr [rbp+24]                 ; 8B4518
;; ; wasm 0x55 local.get
;; mov ecx, dword ptr [rbp+32]                 ; 8B4D20
;; ; wasm 0x57 memory.copy
;; mov qword ptr [rbp-16], rsi                 ; 488975F0
;; mov qword ptr [rbp-24], rax                 ; 488945E8
;; mov qword ptr [rbp-32], rcx                 ; 48894DE0
;; mov rdi, r14                                ; 4C89F7
;; mov esi, 0                                  ; BE00000000
;; mov edx, 0                                  ; BA00000000
;; mov ecx, dword ptr [rbp-16]                 ; 8B4DF0
;; mov r8d, dword ptr [rbp-24]                 ; 448B45E8
;; mov r9d, dword ptr [rbp-32]                 ; 448B4DE0
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+128]                    ; FF9080000000            | kiln_memory32_copy
;; test al, al                                 ; 84C0
;; jz L4                                       ; 0F84........
;; ; wasm 0x5b end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EB9D
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L4:
;; mov edi, 1                                  ; BF01000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[4] $init (i32) -> ():
;; mov r14, rdi                                ; 4989FE
;; mov r15, qword ptr [r14+32]                 ; 4D8B7E20
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 80                                 ; 4883EC50
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x5e local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x60 i32.const
;; ; wasm 0x62 i32.const
;; ; wasm 0x64 memory.init
;; mov qword ptr [rbp-16], rsi                 ; 488975F0
;; mov rdi, r14                                ; 4C89F7
;; mov esi, 0                                  ; BE00000000
;; mov edx, 0                                  ; BA00000000
;; mov ecx, dword ptr [rbp-16]                 ; 8B4DF0
;; mov r8d, 1                                  ; 41B801000000
;; mov r9d, 3                                  ; 41B903000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+176]                    ; FF90B0000000            | kiln_memory32_init
;; test al, al                                 ; 84C0
;; jz L4                                       ; 0F84........
;; ; wasm 0x68 data.drop
;; mov rdi, r14                                ; 4C89F7
;; mov esi, 0                                  ; BE00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+208]                    ; FF90D0000000            | kiln_data_drop
;; ; wasm 0x6b end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EB96
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L4:
;; mov edi, 1                                  ; BF01000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
