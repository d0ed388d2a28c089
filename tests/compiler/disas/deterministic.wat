;; kiln inspect --asm --cpu baseline --deterministic: the deterministic
;; profile turns every NaN a float operation produces into the positive
;; canonical NaN: a scalar is compared with itself and replaced when
;; unordered; a vector keeps its ordered lanes (cmpps ORD mask) and takes the
;; pooled canonical NaN in the others. Bit operations (neg) are left alone.
(module
  (func $scalar (param f32 f64) (result f64)
    (f64.add (f64.promote_f32 (f32.neg (local.get 0))) (local.get 1)))
  (func $vector (param v128 v128) (result v128)
    (f32x4.add (local.get 0) (local.get 1)))
)

;; expected:
;; func[0] $scalar (f32, f64) -> (f64):
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
;; ; wasm 0x21 local.get
;; movss xmm0, qword ptr [rbp+16]              ; F30F104510
;; ; wasm 0x23 f32.neg
;; mov r11, 2147483648                         ; 49BB0000008000000000
;; movq xmm15, r11                             ; 664D0F6EFB
;; xorps xmm0, xmm15                           ; 410F57C7
;; ; wasm 0x24 f64.promote_f32
;; cvtss2sd xmm0, xmm0                         ; F30F5AC0
;; ucomisd xmm0, xmm0                          ; 660F2EC0
;; jnp L4                                      ; 0F8B........
;; movsd xmm0, xmmword ptr [L5]                ; F20F1005........
;; L4:
;; ; wasm 0x25 local.get
;; movsd xmm1, qword ptr [rbp+24]              ; F20F104D18
;; ; wasm 0x27 f64.add
;; addsd xmm0, xmm1                            ; F20F58C1
;; ucomisd xmm0, xmm0                          ; 660F2EC0
;; jnp L6                                      ; 0F8B........
;; movsd xmm0, xmmword ptr [L5]                ; F20F1005........
;; L6:
;; ; wasm 0x28 end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EB92
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; align 16
;; L5:
;; .db 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF8, 0x7F
;; .db 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
;;
;; func[1] $vector (v128, v128) -> (v128):
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
;; ; wasm 0x2b local.get
;; movdqu xmm0, xmmword ptr [rbp+16]           ; F30F6F4510
;; ; wasm 0x2d local.get
;; movdqu xmm1, xmmword ptr [rbp+32]           ; F30F6F4D20
;; ; wasm 0x2f f32x4.add
;; addps xmm0, xmm1                            ; 0F58C1
;; movaps xmm15, xmm0                          ; 440F28F8
;; cmpps xmm15, xmm0, 7                        ; 440FC2F807
;; andps xmm0, xmm15                           ; 410F54C7
;; andnps xmm15, xmmword ptr [L4]              ; 440F553D........
;; orps xmm0, xmm15                            ; 410F56C7
;; ; wasm 0x32 end
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
;; align 16
;; L4:
;; .db 0x00, 0x00, 0xC0, 0x7F, 0x00, 0x00, 0xC0, 0x7F
;; .db 0x00, 0x00, 0xC0, 0x7F, 0x00, 0x00, 0xC0, 0x7F
