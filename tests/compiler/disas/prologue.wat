;; kiln inspect --asm: prologues. Every function checks rsp - frame size
;; against the stack limit and traps StackOverflow out of line; called from
;; another instance it first adopts the caller's limit. Up to 16 declared
;; locals are zeroed one by one, up to 128 words of them with 16-byte stores
;; of a zeroed xmm15, more with rep stosq; a frame of a page or
;; more is probed by kiln_probestack (frame size in rax) before rsp moves.
;; Two or more results are written above the return address.
(module
  (func $few_locals (result i32) (local i32 i64 f32)
    (local.get 0))
  (func $many_locals (result i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local.get 17))
  (func $big_frame (result i32)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (i32.const 0))
  (func $two_results (param i32) (result i32 i32)
    (local.get 0) (i32.const 1)))

;; expected:
;; func[0] $few_locals () -> (i32):
;; mov r14, rdi                                ; 4989FE
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; lea r11, qword ptr [rsp-80]                 ; 4C8D5C24B0
;; cmp r11, qword ptr [r14+8]                  ; 4D3B5E08
;; jb L2                                       ; 0F82........
;; sub rsp, 80                                 ; 4883EC50
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; mov qword ptr [rbp-16], 0                   ; 48C745F000000000
;; mov qword ptr [rbp-24], 0                   ; 48C745E800000000
;; mov qword ptr [rbp-32], 0                   ; 48C745E000000000
;; ; wasm 0x2b local.get
;; mov esi, dword ptr [rbp-16]                 ; 8B75F0
;; ; wasm 0x2d end
;; mov rax, rsi                                ; 4889F0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBB8
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[1] $many_locals () -> (i64):
;; mov r14, rdi                                ; 4989FE
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; lea r11, qword ptr [rsp-192]                ; 4C8D9C2440FFFFFF
;; cmp r11, qword ptr [r14+8]                  ; 4D3B5E08
;; jb L2                                       ; 0F82........
;; sub rsp, 192                                ; 4881ECC0000000
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; xorps xmm15, xmm15                          ; 450F57FF
;; movups xmmword ptr [rbp-152], xmm15         ; 440F11BD68FFFFFF
;; movups xmmword ptr [rbp-136], xmm15         ; 440F11BD78FFFFFF
;; movups xmmword ptr [rbp-120], xmm15         ; 440F117D88
;; movups xmmword ptr [rbp-104], xmm15         ; 440F117D98
;; movups xmmword ptr [rbp-88], xmm15          ; 440F117DA8
;; movups xmmword ptr [rbp-72], xmm15          ; 440F117DB8
;; movups xmmword ptr [rbp-56], xmm15          ; 440F117DC8
;; movups xmmword ptr [rbp-40], xmm15          ; 440F117DD8
;; movups xmmword ptr [rbp-24], xmm15          ; 440F117DE8
;; ; wasm 0x32 local.get
;; mov rsi, qword ptr [rbp-152]                ; 488BB568FFFFFF
;; ; wasm 0x34 end
;; mov rax, rsi                                ; 4889F0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EB8F
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[2] $big_frame () -> (i32):
;; mov r14, rdi                                ; 4989FE
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; lea r11, qword ptr [rsp-4144]               ; 4C8D9C24D0EFFFFF
;; cmp r11, qword ptr [r14+8]                  ; 4D3B5E08
;; jb L2                                       ; 0F82........
;; mov eax, 4144                               ; B830100000
;; mov r11, qword ptr [r14]                    ; 4D8B1E
;; call qword ptr [r11+392]                    ; 41FF9388010000          | kiln_probestack
;; sub rsp, 4144                               ; 4881EC30100000
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; xor eax, eax                                ; 31C0
;; lea rdi, qword ptr [rbp-4104]               ; 488DBDF8EFFFFF
;; mov ecx, 512                                ; B900020000
;; rep stos qword ptr [rdi], rax               ; F348AB
;; ; wasm 0x3a i32.const
;; ; wasm 0x3c end
;; mov eax, 0                                  ; B800000000
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
;;
;; func[3] $two_results (i32) -> (i32, i32):
;; mov r14, rdi                                ; 4989FE
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; lea r11, qword ptr [rsp-64]                 ; 4C8D5C24C0
;; cmp r11, qword ptr [r14+8]                  ; 4D3B5E08
;; jb L2                                       ; 0F82........
;; sub rsp, 64                                 ; 4883EC40
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x3f local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x41 i32.const
;; ; wasm 0x43 end
;; mov qword ptr [rbp+16], rsi                 ; 48897510
;; mov qword ptr [rbp+24], 1                   ; 48C7451801000000
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
