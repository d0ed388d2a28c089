;; kiln inspect --asm: conversions. A trapping truncation checks for NaN and
;; both bounds before cvttss2si (out-of-line traps); a saturating one jumps to
;; paths that produce the saturated values instead; u64 -> float halves
;; numbers with the top bit set; wrap and zero-extension are a 32-bit move.
(module
  (func $trunc_trapping (param f32) (result i32)
    (i32.trunc_f32_s (local.get 0)))
  (func $trunc_saturating (param f64) (result i64)
    (i64.trunc_sat_f64_u (local.get 0)))
  (func $convert_unsigned (param i64) (result f64)
    (f64.convert_i64_u (local.get 0)))
  (func $demote_promote (param f64) (result f64)
    (f64.promote_f32 (f32.demote_f64 (local.get 0))))
  (func $reinterpret (param f32) (result f64)
    (f64.reinterpret_i64 (i64.extend_i32_u (i32.reinterpret_f32 (local.get 0)))))
  (func $wrap (param i64) (result i32)
    (i32.wrap_i64 (local.get 0))))

;; expected:
;; func[0] $trunc_trapping (f32) -> (i32):
;; mov r14, rdi                                ; 4989FE
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 48                                 ; 4883EC30
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x37 local.get
;; movss xmm0, qword ptr [rbp+16]              ; F30F104510
;; ; wasm 0x39 i32.trunc_f32_s
;; ucomiss xmm0, xmm0                          ; 0F2EC0
;; jp L5                                       ; 0F8A........
;; mov r11d, 3472883712                        ; 41BB000000CF
;; movd xmm15, r11d                            ; 66450F6EFB
;; ucomiss xmm0, xmm15                         ; 410F2EC7
;; jb L6                                       ; 0F82........
;; mov r11d, 1325400064                        ; 41BB0000004F
;; movd xmm15, r11d                            ; 66450F6EFB
;; ucomiss xmm0, xmm15                         ; 410F2EC7
;; jae L6                                      ; 0F83........
;; cvttss2si esi, xmm0                         ; F30F2CF0
;; L4:
;; ; wasm 0x3a end
;; mov rax, rsi                                ; 4889F0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EB9C
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L5:
;; mov edi, 8                                  ; BF08000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L6:
;; mov edi, 6                                  ; BF06000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[1] $trunc_saturating (f64) -> (i64):
;; mov r14, rdi                                ; 4989FE
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 48                                 ; 4883EC30
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x3d local.get
;; movsd xmm0, qword ptr [rbp+16]              ; F20F104510
;; ; wasm 0x3f i64.trunc_sat_f64_u
;; ucomisd xmm0, xmm0                          ; 660F2EC0
;; jp L5                                       ; 0F8A........
;; mov r11, -4616189618054758400               ; 49BB000000000000F0BF
;; movq xmm15, r11                             ; 664D0F6EFB
;; ucomisd xmm0, xmm15                         ; 66410F2EC7
;; jbe L6                                      ; 0F86........
;; mov r11, 4895412794951729152                ; 49BB000000000000F043
;; movq xmm15, r11                             ; 664D0F6EFB
;; ucomisd xmm0, xmm15                         ; 66410F2EC7
;; jae L7                                      ; 0F83........
;; mov r11, 4890909195324358656                ; 49BB000000000000E043
;; movq xmm15, r11                             ; 664D0F6EFB
;; ucomisd xmm0, xmm15                         ; 66410F2EC7
;; jae L8                                      ; 0F83........
;; cvttsd2si rsi, xmm0                         ; F2480F2CF0
;; jmp L4                                      ; E9........
;; L8:
;; subsd xmm0, xmm15                           ; F2410F5CC7
;; cvttsd2si rsi, xmm0                         ; F2480F2CF0
;; btc rsi, 63                                 ; 480FBAFE3F
;; jmp L4                                      ; E9........
;; L5:
;; xor esi, esi                                ; 31F6
;; jmp L4                                      ; E9........
;; L6:
;; xor esi, esi                                ; 31F6
;; jmp L4                                      ; E9........
;; L7:
;; mov rsi, -1                                 ; 48C7C6FFFFFFFF
;; L4:
;; ; wasm 0x41 end
;; mov rax, rsi                                ; 4889F0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; jmp L0                                      ; E945FFFFFF
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[2] $convert_unsigned (i64) -> (f64):
;; mov r14, rdi                                ; 4989FE
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 48                                 ; 4883EC30
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x44 local.get
;; mov rsi, qword ptr [rbp+16]                 ; 488B7510
;; ; wasm 0x46 f64.convert_i64_u
;; xorps xmm0, xmm0                            ; 0F57C0
;; test rsi, rsi                               ; 4885F6
;; js L4                                       ; 0F88........
;; cvtsi2sd xmm0, rsi                          ; F2480F2AC6
;; jmp L5                                      ; E9........
;; L4:
;; mov r11, rsi                                ; 4989F3
;; shr r11, 1                                  ; 49D1EB
;; and rsi, 1                                  ; 4883E601
;; or r11, rsi                                 ; 4909F3
;; cvtsi2sd xmm0, r11                          ; F2490F2AC3
;; addsd xmm0, xmm0                            ; F20F58C0
;; L5:
;; ; wasm 0x47 end
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
;; func[3] $demote_promote (f64) -> (f64):
;; mov r14, rdi                                ; 4989FE
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 48                                 ; 4883EC30
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x4a local.get
;; movsd xmm0, qword ptr [rbp+16]              ; F20F104510
;; ; wasm 0x4c f32.demote_f64
;; cvtsd2ss xmm0, xmm0                         ; F20F5AC0
;; ; wasm 0x4d f64.promote_f32
;; cvtss2sd xmm0, xmm0                         ; F30F5AC0
;; ; wasm 0x4e end
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
;; func[4] $reinterpret (f32) -> (f64):
;; mov r14, rdi                                ; 4989FE
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 48                                 ; 4883EC30
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x51 local.get
;; movss xmm0, qword ptr [rbp+16]              ; F30F104510
;; ; wasm 0x53 i32.reinterpret_f32
;; movd esi, xmm0                              ; 660F7EC6
;; ; wasm 0x54 i64.extend_i32_u
;; mov esi, esi                                ; 89F6
;; ; wasm 0x55 f64.reinterpret_i64
;; movq xmm0, rsi                              ; 66480F6EC6
;; ; wasm 0x56 end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBCB
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[5] $wrap (i64) -> (i32):
;; mov r14, rdi                                ; 4989FE
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 48                                 ; 4883EC30
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x59 local.get
;; mov rsi, qword ptr [rbp+16]                 ; 488B7510
;; ; wasm 0x5b i32.wrap_i64
;; mov esi, esi                                ; 89F6
;; ; wasm 0x5c end
;; mov rax, rsi                                ; 4889F0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBD2
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
