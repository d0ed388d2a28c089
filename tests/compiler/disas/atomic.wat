;; kiln inspect --asm
;; Atomics (docs/threads.md): a load is a plain mov, a store an xchg (a
;; full barrier, so stores are sequentially consistent), add a lock xadd,
;; or a lock cmpxchg loop on rax; the effective address goes to r11 after
;; the alignment test (which a constant address passes at compile time);
;; narrow results are zero-extended. wait and notify call the runtime.
(module
  (memory 1 1 shared)
  (func $load (param i32) (result i32)
    (i32.atomic.load offset=4 (local.get 0)))
  (func $store8 (param i32 i32)
    (i32.atomic.store8 (local.get 0) (local.get 1)))
  (func $add (param i32) (result i64)
    (i64.atomic.rmw.add (i32.const 8) (i64.extend_i32_u (local.get 0))))
  (func $or16 (param i32 i32) (result i32)
    (i32.atomic.rmw16.or_u (local.get 0) (local.get 1)))
  (func $cmpxchg (param i32 i32 i32) (result i32)
    (i32.atomic.rmw.cmpxchg (local.get 0) (local.get 1) (local.get 2)))
  (func $fence atomic.fence)
  (func $notify (param i32) (result i32)
    (memory.atomic.notify offset=4 (local.get 0) (i32.const 1))))

;; expected:
;; func[0] $load (i32) -> (i32):
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
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x41 i32.atomic.load
;; test esi, 3                                 ; F7C603000000
;; jnz L4                                      ; 0F85........
;; lea r11, dword ptr [r15+rsi+4]              ; 4D8D5C3704
;; mov esi, dword ptr [r11]                    ; 418B33
;; ; wasm 0x45 end
;; mov rax, rsi                                ; 4889F0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBC1
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L4:
;; mov edi, 2                                  ; BF02000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[1] $store8 (i32, i32) -> ():
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
;; ; wasm 0x48 local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x4a local.get
;; mov eax, dword ptr [rbp+24]                 ; 8B4518
;; ; wasm 0x4c i32.atomic.store8
;; lea r11, byte ptr [r15+rsi]                 ; 4D8D1C37
;; xchg byte ptr [r11], al                     ; 418603
;; ; wasm 0x50 end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBCE
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[2] $add (i32) -> (i64):
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
;; ; wasm 0x53 i32.const
;; ; wasm 0x55 local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x57 i64.extend_i32_u
;; mov esi, esi                                ; 89F6
;; ; wasm 0x58 i64.atomic.rmw.add
;; mov eax, 8                                  ; B808000000
;; lea r11, qword ptr [r15+rax]                ; 4D8D1C07
;; lock xadd qword ptr [r11], rsi              ; F0490FC133
;; ; wasm 0x5c end
;; mov rax, rsi                                ; 4889F0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBC5
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[3] $or16 (i32, i32) -> (i32):
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
;; ; wasm 0x5f local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x61 local.get
;; mov eax, dword ptr [rbp+24]                 ; 8B4518
;; ; wasm 0x63 i32.atomic.rmw16.or_u
;; mov rcx, rax                                ; 4889C1
;; test esi, 1                                 ; F7C601000000
;; jnz L4                                      ; 0F85........
;; lea r11, word ptr [r15+rsi]                 ; 4D8D1C37
;; movzx eax, word ptr [r11]                   ; 410FB703
;; L5:
;; mov rsi, rax                                ; 4889C6
;; or rsi, rcx                                 ; 4809CE
;; lock cmpxchg word ptr [r11], si, ax         ; F066410FB133
;; short jnz L5                                ; 75F2
;; movzx eax, ax                               ; 0FB7C0
;; ; wasm 0x67 end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBAD
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L4:
;; mov edi, 2                                  ; BF02000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[4] $cmpxchg (i32, i32, i32) -> (i32):
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
;; ; wasm 0x6a local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x6c local.get
;; mov eax, dword ptr [rbp+24]                 ; 8B4518
;; ; wasm 0x6e local.get
;; mov ecx, dword ptr [rbp+32]                 ; 8B4D20
;; ; wasm 0x70 i32.atomic.rmw.cmpxchg
;; mov rdx, rax                                ; 4889C2
;; mov rax, rdx                                ; 4889D0
;; test esi, 3                                 ; F7C603000000
;; jnz L4                                      ; 0F85........
;; lea r11, dword ptr [r15+rsi]                ; 4D8D1C37
;; lock cmpxchg dword ptr [r11], ecx, eax      ; F0410FB10B
;; mov eax, eax                                ; 89C0
;; ; wasm 0x74 end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBB5
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L4:
;; mov edi, 2                                  ; BF02000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[5] $fence () -> ():
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
;; ; wasm 0x77 atomic.fence
;; mfence                                      ; 0FAEF0
;; ; wasm 0x7a end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBD8
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[6] $notify (i32) -> (i32):
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
;; ; wasm 0x7d local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x7f i32.const
;; ; wasm 0x81 memory.atomic.notify
;; mov qword ptr [rbp-16], rsi                 ; 488975F0
;; mov rdi, r14                                ; 4C89F7
;; mov esi, 0                                  ; BE00000000
;; mov edx, dword ptr [rbp-16]                 ; 8B55F0
;; mov ecx, 4                                  ; B904000000
;; mov r8d, 1                                  ; 41B801000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+432]                    ; FF90B0010000            | kiln_memory_atomic_notify
;; cmp rax, -1                                 ; 4883F8FF
;; je L4                                       ; 0F84........
;; ; wasm 0x85 end
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
