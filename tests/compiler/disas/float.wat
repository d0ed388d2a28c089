;; kiln inspect --asm: f32/f64 arithmetic with SSE scalar instructions. Non-zero
;; constants are loaded from a pool after the code; min/max take their own
;; path for NaNs and for equal operands (the sign of zero); abs, neg and
;; copysign mask the sign bit in xmm15; rounding is roundss/roundsd (SSE4.1);
;; lt/gt compare into the flags (lt with the operands swapped, so a NaN is
;; false), eq and ne need the parity flag and become 0/1 at once. In $scale
;; the f64 local lives in xmm6 and is multiplied in place.
(module
  (func $arith (param f32 f32) (result f32)
    (f32.div (f32.add (local.get 0) (f32.const 1.5)) (f32.sub (local.get 1) (local.get 0))))
  (func $min_max (param f64 f64) (result f64)
    (f64.max (f64.min (local.get 0) (local.get 1)) (f64.const 0)))
  (func $signs (param f32 f32) (result f32)
    (f32.copysign (f32.neg (f32.abs (local.get 0))) (local.get 1)))
  (func $round_and_root (param f64) (result f64)
    (f64.sqrt (f64.add (f64.nearest (local.get 0)) (f64.floor (local.get 0)))))
  (func $compares (param f64 f64) (result i32)
    (if (result i32) (f64.lt (local.get 0) (local.get 1))
      (then (f64.eq (local.get 0) (local.get 1)))
      (else (f64.ne (local.get 0) (local.get 1)))))
  (func $scale (param $n i32) (param $x f64) (result f64) (local $i i32)
    (loop $l
      (local.set $x (f64.mul (local.get $x) (f64.const 1.25)))
      (br_if $l (i32.lt_s (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $x)))

;; expected:
;; func[0] $arith (f32, f32) -> (f32):
;; mov r14, rdi                                ; 4989FE
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 64                                 ; 4883EC40
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x36 local.get
;; movss xmm0, qword ptr [rbp+16]              ; F30F104510
;; ; wasm 0x38 f32.const
;; ; wasm 0x3d f32.add
;; movss xmm1, dword ptr [L4]                  ; F30F100D........
;; addss xmm0, xmm1                            ; F30F58C1
;; ; wasm 0x3e local.get
;; movss xmm1, qword ptr [rbp+24]              ; F30F104D18
;; ; wasm 0x40 local.get
;; movss xmm2, qword ptr [rbp+16]              ; F30F105510
;; ; wasm 0x42 f32.sub
;; subss xmm1, xmm2                            ; F30F5CCA
;; ; wasm 0x43 f32.div
;; divss xmm0, xmm1                            ; F30F5EC1
;; ; wasm 0x44 end
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
;; align 8
;; L4:
;; .db 0x00, 0x00, 0xC0, 0x3F, 0x00, 0x00, 0x00, 0x00
;;
;; func[1] $min_max (f64, f64) -> (f64):
;; mov r14, rdi                                ; 4989FE
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 64                                 ; 4883EC40
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x47 local.get
;; movsd xmm0, qword ptr [rbp+16]              ; F20F104510
;; ; wasm 0x49 local.get
;; movsd xmm1, qword ptr [rbp+24]              ; F20F104D18
;; ; wasm 0x4b f64.min
;; ucomisd xmm0, xmm1                          ; 660F2EC1
;; jp L5                                       ; 0F8A........
;; jne L4                                      ; 0F85........
;; orps xmm0, xmm1                             ; 0F56C1
;; jmp L6                                      ; E9........
;; L5:
;; addsd xmm0, xmm1                            ; F20F58C1
;; jmp L6                                      ; E9........
;; L4:
;; minsd xmm0, xmm1                            ; F20F5DC1
;; L6:
;; ; wasm 0x4c f64.const
;; ; wasm 0x55 f64.max
;; xorps xmm1, xmm1                            ; 0F57C9
;; ucomisd xmm0, xmm1                          ; 660F2EC1
;; jp L8                                       ; 0F8A........
;; jne L7                                      ; 0F85........
;; andps xmm0, xmm1                            ; 0F54C1
;; jmp L9                                      ; E9........
;; L8:
;; addsd xmm0, xmm1                            ; F20F58C1
;; jmp L9                                      ; E9........
;; L7:
;; maxsd xmm0, xmm1                            ; F20F5FC1
;; L9:
;; ; wasm 0x56 end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EB84
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[2] $signs (f32, f32) -> (f32):
;; mov r14, rdi                                ; 4989FE
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 64                                 ; 4883EC40
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x59 local.get
;; movss xmm0, qword ptr [rbp+16]              ; F30F104510
;; ; wasm 0x5b f32.abs
;; mov r11, 2147483647                         ; 49C7C3FFFFFF7F
;; movq xmm15, r11                             ; 664D0F6EFB
;; andps xmm0, xmm15                           ; 410F54C7
;; ; wasm 0x5c f32.neg
;; mov r11, 2147483648                         ; 49BB0000008000000000
;; movq xmm15, r11                             ; 664D0F6EFB
;; xorps xmm0, xmm15                           ; 410F57C7
;; ; wasm 0x5d local.get
;; movss xmm1, qword ptr [rbp+24]              ; F30F104D18
;; ; wasm 0x5f f32.copysign
;; mov r11, 2147483648                         ; 49BB0000008000000000
;; movq xmm15, r11                             ; 664D0F6EFB
;; andps xmm1, xmm15                           ; 410F54CF
;; andnps xmm15, xmm0                          ; 440F55F8
;; orps xmm15, xmm1                            ; 440F56F9
;; movaps xmm0, xmm15                          ; 410F28C7
;; ; wasm 0x60 end
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
;; func[3] $round_and_root (f64) -> (f64):
;; mov r14, rdi                                ; 4989FE
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 64                                 ; 4883EC40
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x63 local.get
;; movsd xmm0, qword ptr [rbp+16]              ; F20F104510
;; ; wasm 0x65 f64.nearest
;; roundsd xmm0, xmm0, 0                       ; 660F3A0BC000
;; ; wasm 0x66 local.get
;; movsd xmm1, qword ptr [rbp+16]              ; F20F104D10
;; ; wasm 0x68 f64.floor
;; roundsd xmm1, xmm1, 1                       ; 660F3A0BC901
;; ; wasm 0x69 f64.add
;; addsd xmm0, xmm1                            ; F20F58C1
;; ; wasm 0x6a f64.sqrt
;; sqrtsd xmm0, xmm0                           ; F20F51C0
;; ; wasm 0x6b end
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
;; func[4] $compares (f64, f64) -> (i32):
;; mov r14, rdi                                ; 4989FE
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 64                                 ; 4883EC40
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x6e local.get
;; movsd xmm0, qword ptr [rbp+16]              ; F20F104510
;; ; wasm 0x70 local.get
;; movsd xmm1, qword ptr [rbp+24]              ; F20F104D18
;; ; wasm 0x72 f64.lt
;; ucomisd xmm1, xmm0                          ; 660F2EC8
;; ; wasm 0x73 if
;; jbe L5                                      ; 0F86........
;; ; wasm 0x75 local.get
;; movsd xmm0, qword ptr [rbp+16]              ; F20F104510
;; ; wasm 0x77 local.get
;; movsd xmm1, qword ptr [rbp+24]              ; F20F104D18
;; ; wasm 0x79 f64.eq
;; ucomisd xmm0, xmm1                          ; 660F2EC1
;; rex sete sil                                ; 400F94C6
;; rex setnp r11b                              ; 410F9BC3
;; rex and sil, r11b                           ; 4420DE
;; rex movzx esi, sil                          ; 400FB6F6
;; ; wasm 0x7a else
;; jmp L4                                      ; E9........
;; L5:
;; ; wasm 0x7b local.get
;; movsd xmm0, qword ptr [rbp+16]              ; F20F104510
;; ; wasm 0x7d local.get
;; movsd xmm1, qword ptr [rbp+24]              ; F20F104D18
;; ; wasm 0x7f f64.ne
;; ucomisd xmm0, xmm1                          ; 660F2EC1
;; rex setne sil                               ; 400F95C6
;; rex setp r11b                               ; 410F9AC3
;; rex or sil, r11b                            ; 4408DE
;; rex movzx esi, sil                          ; 400FB6F6
;; ; wasm 0x80 end
;; L4:
;; ; wasm 0x81 end
;; mov rax, rsi                                ; 4889F0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EB85
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[5] $scale (i32, f64) -> (f64):
;; mov r14, rdi                                ; 4989FE
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 80                                 ; 4883EC50
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; mov qword ptr [rbp-24], rbx                 ; 48895DE8
;; mov qword ptr [rbp-32], r12                 ; 4C8965E0
;; xor ebx, ebx                                ; 31DB
;; ; wasm 0x86 loop
;; mov r12d, dword ptr [rbp+16]                ; 448B6510
;; movsd xmm6, qword ptr [rbp+24]              ; F20F107518
;; align 16
;; L4:
;; ; wasm 0x88 local.get
;; ; wasm 0x8a f64.const
;; ; wasm 0x93 f64.mul
;; movsd xmm0, qword ptr [L5]                  ; F20F1005........
;; mulsd xmm6, xmm0                            ; F20F59F0
;; ; wasm 0x94 local.set (done by the instruction before)
;; ; wasm 0x96 local.get
;; ; wasm 0x98 i32.const
;; ; wasm 0x9a i32.add
;; add ebx, 1                                  ; 83C301
;; ; wasm 0x9b local.tee (done by the instruction before)
;; ; wasm 0x9d local.get
;; ; wasm 0x9f i32.lt_s
;; cmp ebx, r12d                               ; 4439E3
;; ; wasm 0xa0 br_if
;; short jl L4                                 ; 7CEC
;; ; wasm 0xa2 end
;; ; wasm 0xa3 local.get
;; ; wasm 0xa5 end
;; movaps xmm0, xmm6                           ; 0F28C6
;; mov rbx, qword ptr [rbp-24]                 ; 488B5DE8
;; mov r12, qword ptr [rbp-32]                 ; 4C8B65E0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EB9E
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; align 8
;; L5:
;; .db 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF4, 0x3F
