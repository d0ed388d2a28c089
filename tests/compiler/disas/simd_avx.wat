;; kiln inspect --asm --cpu host: on a CPU with AVX, lane-wise binary
;; operations take their VEX three-operand form (vpaddd, vmulps; vpxor with a
;; pooled constant), which writes a register of its own: an operand still in
;; use, such as a local's home register, is never copied first.
;; needs cpu flag: avx
(module
  (func $locals (param v128) (result v128) (local v128 v128)
    (local.set 1 (local.get 0))
    (local.set 2 (i32x4.add (local.get 1) (local.get 1)))
    (f32x4.mul (local.get 1) (local.get 2)))
  (func $constant (param v128) (result v128) (local v128)
    (local.set 1 (local.get 0))
    (v128.xor (local.get 1) (v128.const i64x2 -1 0)))
)

;; expected:
;; func[0] $locals (v128) -> (v128):
;; mov r14, rdi                                ; 4989FE
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; lea r11, qword ptr [rsp-112]                ; 4C8D5C2490
;; cmp r11, qword ptr [r14+8]                  ; 4D3B5E08
;; jb L2                                       ; 0F82........
;; sub rsp, 112                                ; 4883EC70
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; mov qword ptr [rbp-24], 0                   ; 48C745E800000000
;; mov qword ptr [rbp-16], 0                   ; 48C745F000000000
;; mov qword ptr [rbp-40], 0                   ; 48C745D800000000
;; mov qword ptr [rbp-32], 0                   ; 48C745E000000000
;; ; wasm 0x1c local.get
;; movdqu xmm0, xmmword ptr [rbp+16]           ; F30F6F4510
;; ; wasm 0x1e local.set
;; movdqu xmmword ptr [rbp-24], xmm0           ; F30F7F45E8
;; ; wasm 0x20 local.get
;; movdqu xmm0, xmmword ptr [rbp-24]           ; F30F6F45E8
;; ; wasm 0x22 local.get
;; movaps xmm1, xmm0                           ; 0F28C8
;; ; wasm 0x24 i32x4.add
;; vpaddd xmm0, xmm0, xmm1                     ; C5F9FEC1
;; ; wasm 0x27 local.set
;; movdqu xmmword ptr [rbp-40], xmm0           ; F30F7F45D8
;; ; wasm 0x29 local.get
;; movdqu xmm0, xmmword ptr [rbp-24]           ; F30F6F45E8
;; ; wasm 0x2b local.get
;; movdqu xmm1, xmmword ptr [rbp-40]           ; F30F6F4DD8
;; ; wasm 0x2d f32x4.mul
;; vmulps xmm0, xmm0, xmm1                     ; C5F859C1
;; ; wasm 0x30 end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EB8D
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+272]                    ; FF9010010000            | kiln_raise_trap
;;
;; func[1] $constant (v128) -> (v128):
;; mov r14, rdi                                ; 4989FE
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; lea r11, qword ptr [rsp-96]                 ; 4C8D5C24A0
;; cmp r11, qword ptr [r14+8]                  ; 4D3B5E08
;; jb L2                                       ; 0F82........
;; sub rsp, 96                                 ; 4883EC60
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; mov qword ptr [rbp-24], 0                   ; 48C745E800000000
;; mov qword ptr [rbp-16], 0                   ; 48C745F000000000
;; ; wasm 0x35 local.get
;; movdqu xmm0, xmmword ptr [rbp+16]           ; F30F6F4510
;; ; wasm 0x37 local.set
;; movdqu xmmword ptr [rbp-24], xmm0           ; F30F7F45E8
;; ; wasm 0x39 local.get
;; movdqu xmm0, xmmword ptr [rbp-24]           ; F30F6F45E8
;; ; wasm 0x3b v128.const
;; ; wasm 0x4d v128.xor
;; vpxor xmm0, xmm0, xmmword ptr [L4]          ; C5F9EF05........
;; ; wasm 0x4f end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBAF
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+272]                    ; FF9010010000            | kiln_raise_trap
;; align 16
;; L4:
;; .db 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF
;; .db 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
