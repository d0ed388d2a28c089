;; kiln inspect --asm --cpu host: on a CPU with AVX, lane-wise binary
;; operations and the shifts of 2-, 4- and 8-byte lanes take their VEX
;; three-operand form (vpaddd, vmulps, vpsrld; vpxor with a pooled constant),
;; which writes a register of its own: an operand still in use, such as a
;; local's home register, is never copied first.
;; needs cpu flag: avx
(module
  (func $locals (param v128) (result v128) (local v128 v128)
    (local.set 1 (local.get 0))
    (local.set 2 (i32x4.add (local.get 1) (local.get 1)))
    (f32x4.mul (local.get 1) (local.get 2)))
  (func $shift (param v128 i32) (result v128)
    (i64x2.shl (i32x4.shr_u (local.get 0) (i32.const 3)) (local.get 1)))
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
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 128                                ; 4881EC80000000
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x23 local.get
;; movdqu xmm0, xmmword ptr [rbp+16]           ; F30F6F4510
;; ; wasm 0x25 local.set
;; movdqu xmmword ptr [rbp-24], xmm0           ; F30F7F45E8
;; ; wasm 0x27 local.get
;; movdqu xmm0, xmmword ptr [rbp-24]           ; F30F6F45E8
;; ; wasm 0x29 local.get
;; movaps xmm1, xmm0                           ; 0F28C8
;; ; wasm 0x2b i32x4.add
;; vpaddd xmm0, xmm0, xmm1                     ; C5F9FEC1
;; ; wasm 0x2e local.set
;; movdqu xmmword ptr [rbp-40], xmm0           ; F30F7F45D8
;; ; wasm 0x30 local.get
;; movdqu xmm0, xmmword ptr [rbp-24]           ; F30F6F45E8
;; ; wasm 0x32 local.get
;; movdqu xmm1, xmmword ptr [rbp-40]           ; F30F6F4DD8
;; ; wasm 0x34 f32x4.mul
;; vmulps xmm0, xmm0, xmm1                     ; C5F859C1
;; ; wasm 0x37 end
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
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[1] $shift (v128, i32) -> (v128):
;; mov r14, rdi                                ; 4989FE
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 96                                 ; 4883EC60
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x3a local.get
;; movdqu xmm0, xmmword ptr [rbp+16]           ; F30F6F4510
;; ; wasm 0x3c i32.const
;; ; wasm 0x3e i32x4.shr_u
;; vpsrld xmm0, xmm0, 3                        ; C5F972D003
;; ; wasm 0x41 local.get
;; mov esi, dword ptr [rbp+32]                 ; 8B7520
;; ; wasm 0x43 i64x2.shl
;; mov r11d, esi                               ; 4189F3
;; and r11d, 63                                ; 4183E33F
;; movd xmm15, r11d                            ; 66450F6EFB
;; vpsllq xmm0, xmm0, xmm15                    ; C4C179F3C7
;; ; wasm 0x46 end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBBD
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[2] $constant (v128) -> (v128):
;; mov r14, rdi                                ; 4989FE
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 112                                ; 4883EC70
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x4b local.get
;; movdqu xmm0, xmmword ptr [rbp+16]           ; F30F6F4510
;; ; wasm 0x4d local.set
;; movdqu xmmword ptr [rbp-24], xmm0           ; F30F7F45E8
;; ; wasm 0x4f local.get
;; movdqu xmm0, xmmword ptr [rbp-24]           ; F30F6F45E8
;; ; wasm 0x51 v128.const
;; ; wasm 0x63 v128.xor
;; vpxor xmm0, xmm0, xmmword ptr [L4]          ; C5F9EF05........
;; ; wasm 0x65 end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBC4
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; align 16
;; L4:
;; .db 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF
;; .db 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
