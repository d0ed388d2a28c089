;; kiln inspect --asm --cpu baseline: the SIMD instructions whose lowering is more than one
;; SSE instruction. A shuffle is pshufb with a pooled mask per operand it
;; reads (zeroing bytes with bit 7), merged with por, unless it is one
;; pshufd (whole dwords of one operand), pmovzx* (zero-extension, the other
;; operand a zero constant) or punpck*, or an operand is a constant, shuffled
;; at compile time and OR-ed in from the pool; bitmask is pmovmskb,
;; i16x8 first packed to bytes; min/max run minps/maxps both ways round,
;; OR (min) or AND (max) the answers for signed zeros and turn lanes with a
;; NaN into the canonical NaN; the saturating truncations fix up what
;; cvttps2dq/cvttpd2dq give for NaN and out-of-range lanes; q15mulr is
;; pmulhrsw with its one overflowing lane flipped to 0x7fff. A v128.const
;; operand is read from the constant pool by the instruction using it.
(module
  (func $shuffle2 (param v128 v128) (result v128)
    (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31 (local.get 0) (local.get 1)))
  (func $shuffle1 (param v128 v128) (result v128)
    (i8x16.shuffle 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0 (local.get 0) (local.get 1)))
  (func $shuffle_dwords (param v128 v128) (result v128)
    (i8x16.shuffle 8 9 10 11 0 1 2 3 12 13 14 15 4 5 6 7 (local.get 0) (local.get 1)))
  (func $shuffle_zero_extend (param v128) (result v128)
    (i8x16.shuffle 0 16 16 16 1 16 16 16 2 16 16 16 3 16 16 16
      (local.get 0) (v128.const i64x2 0 0)))
  (func $shuffle_unpack (param v128 v128) (result v128)
    (i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23 (local.get 0) (local.get 1)))
  (func $shuffle_constant (param v128) (result v128)
    (i8x16.shuffle 16 1 18 3 20 5 22 7 24 9 26 11 28 13 30 15
      (local.get 0) (v128.const i64x2 -1 0x0102030405060708)))
  (func $bitmasks (param v128) (result i32)
    (i32.add (i8x16.bitmask (local.get 0)) (i16x8.bitmask (local.get 0))))
  (func $min_max (param v128 v128) (result v128)
    (f64x2.max (f32x4.min (local.get 0) (local.get 1)) (local.get 1)))
  (func $trunc_sat (param v128) (result v128)
    (i32x4.trunc_sat_f64x2_u_zero
      (i32x4.trunc_sat_f32x4_u (i32x4.trunc_sat_f32x4_s (local.get 0)))))
  (func $q15mulr (param v128 v128) (result v128)
    (i16x8.q15mulr_sat_s (local.get 0) (local.get 1)))
  (func $constant (param v128) (result v128)
    (i32x4.add (local.get 0) (v128.const i32x4 1 2 3 4))))

;; expected:
;; func[0] $shuffle2 (v128, v128) -> (v128):
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
;; ; wasm 0x2f local.get
;; movdqu xmm0, xmmword ptr [rbp+16]           ; F30F6F4510
;; ; wasm 0x31 local.get
;; movdqu xmm1, xmmword ptr [rbp+32]           ; F30F6F4D20
;; ; wasm 0x33 i8x16.shuffle
;; movdqa xmm15, xmm1                          ; 66440F6FF9
;; pshufb xmm15, xmmword ptr [L4]              ; 66440F38003D........
;; pshufb xmm0, xmmword ptr [L5]               ; 660F380005........
;; por xmm0, xmm15                             ; 66410FEBC7
;; ; wasm 0x45 end
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
;; align 16
;; L4:
;; .db 0x80, 0x01, 0x80, 0x03, 0x80, 0x05, 0x80, 0x07
;; .db 0x80, 0x09, 0x80, 0x0B, 0x80, 0x0D, 0x80, 0x0F
;; L5:
;; .db 0x00, 0x80, 0x02, 0x80, 0x04, 0x80, 0x06, 0x80
;; .db 0x08, 0x80, 0x0A, 0x80, 0x0C, 0x80, 0x0E, 0x80
;;
;; func[1] $shuffle1 (v128, v128) -> (v128):
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
;; ; wasm 0x48 local.get
;; movdqu xmm0, xmmword ptr [rbp+16]           ; F30F6F4510
;; ; wasm 0x4a local.get
;; movdqu xmm1, xmmword ptr [rbp+32]           ; F30F6F4D20
;; ; wasm 0x4c i8x16.shuffle
;; pshufb xmm0, xmmword ptr [L4]               ; 660F380005........
;; ; wasm 0x5e end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBC8
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; align 16
;; L4:
;; .db 0x0F, 0x0E, 0x0D, 0x0C, 0x0B, 0x0A, 0x09, 0x08
;; .db 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, 0x00
;;
;; func[2] $shuffle_dwords (v128, v128) -> (v128):
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
;; ; wasm 0x61 local.get
;; movdqu xmm0, xmmword ptr [rbp+16]           ; F30F6F4510
;; ; wasm 0x63 local.get
;; movdqu xmm1, xmmword ptr [rbp+32]           ; F30F6F4D20
;; ; wasm 0x65 i8x16.shuffle
;; pshufd xmm0, xmm0, 114                      ; 660F70C072
;; ; wasm 0x77 end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBCC
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[3] $shuffle_zero_extend (v128) -> (v128):
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
;; ; wasm 0x7a local.get
;; movdqu xmm0, xmmword ptr [rbp+16]           ; F30F6F4510
;; ; wasm 0x7c v128.const
;; ; wasm 0x8e i8x16.shuffle
;; pmovzxbd xmm0, xmm0                         ; 660F3831C0
;; ; wasm 0xa0 end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBD1
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[4] $shuffle_unpack (v128, v128) -> (v128):
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
;; ; wasm 0xa3 local.get
;; movdqu xmm0, xmmword ptr [rbp+16]           ; F30F6F4510
;; ; wasm 0xa5 local.get
;; movdqu xmm1, xmmword ptr [rbp+32]           ; F30F6F4D20
;; ; wasm 0xa7 i8x16.shuffle
;; punpcklbw xmm0, xmm1                        ; 660F60C1
;; ; wasm 0xb9 end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBCD
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[5] $shuffle_constant (v128) -> (v128):
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
;; ; wasm 0xbc local.get
;; movdqu xmm0, xmmword ptr [rbp+16]           ; F30F6F4510
;; ; wasm 0xbe v128.const
;; ; wasm 0xd0 i8x16.shuffle
;; pshufb xmm0, xmmword ptr [L4]               ; 660F380005........
;; por xmm0, xmmword ptr [L5]                  ; 660FEB05........
;; ; wasm 0xe2 end
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
;; align 16
;; L4:
;; .db 0x80, 0x01, 0x80, 0x03, 0x80, 0x05, 0x80, 0x07
;; .db 0x80, 0x09, 0x80, 0x0B, 0x80, 0x0D, 0x80, 0x0F
;; L5:
;; .db 0xFF, 0x00, 0xFF, 0x00, 0xFF, 0x00, 0xFF, 0x00
;; .db 0x08, 0x00, 0x06, 0x00, 0x04, 0x00, 0x02, 0x00
;;
;; func[6] $bitmasks (v128) -> (i32):
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
;; ; wasm 0xe5 local.get
;; movdqu xmm0, xmmword ptr [rbp+16]           ; F30F6F4510
;; ; wasm 0xe7 i8x16.bitmask
;; pmovmskb esi, xmm0                          ; 660FD7F0
;; ; wasm 0xe9 local.get
;; movdqu xmm0, xmmword ptr [rbp+16]           ; F30F6F4510
;; ; wasm 0xeb i16x8.bitmask
;; movdqa xmm15, xmm0                          ; 66440F6FF8
;; packsswb xmm15, xmm15                       ; 66450F63FF
;; pmovmskb eax, xmm15                         ; 66410FD7C7
;; movzx eax, al                               ; 0FB6C0
;; ; wasm 0xee i32.add
;; add esi, eax                                ; 01C6
;; ; wasm 0xef end
;; mov rax, rsi                                ; 4889F0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBB6
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[7] $min_max (v128, v128) -> (v128):
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
;; ; wasm 0xf2 local.get
;; movdqu xmm0, xmmword ptr [rbp+16]           ; F30F6F4510
;; ; wasm 0xf4 local.get
;; movdqu xmm1, xmmword ptr [rbp+32]           ; F30F6F4D20
;; ; wasm 0xf6 f32x4.min
;; movaps xmm15, xmm0                          ; 440F28F8
;; minps xmm15, xmm1                           ; 440F5DF9
;; minps xmm1, xmm0                            ; 0F5DC8
;; movaps xmm0, xmm15                          ; 410F28C7
;; cmpps xmm0, xmm1, 3                         ; 0FC2C103
;; orps xmm15, xmm1                            ; 440F56F9
;; orps xmm15, xmm0                            ; 440F56F8
;; psrld xmm0, 10                              ; 660F72D00A
;; andnps xmm0, xmm15                          ; 410F55C7
;; ; wasm 0xf9 local.get
;; movdqu xmm1, xmmword ptr [rbp+32]           ; F30F6F4D20
;; ; wasm 0xfb f64x2.max
;; movaps xmm15, xmm0                          ; 440F28F8
;; maxpd xmm15, xmm1                           ; 66440F5FF9
;; maxpd xmm1, xmm0                            ; 660F5FC8
;; movaps xmm0, xmm15                          ; 410F28C7
;; cmppd xmm0, xmm1, 3                         ; 660FC2C103
;; andps xmm15, xmm1                           ; 440F54F9
;; orps xmm15, xmm0                            ; 440F56F8
;; psrlq xmm0, 13                              ; 660F73D00D
;; andnps xmm0, xmm15                          ; 410F55C7
;; ; wasm 0xfe end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EB81
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[8] $trunc_sat (v128) -> (v128):
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
;; ; wasm 0x101 local.get
;; movdqu xmm0, xmmword ptr [rbp+16]           ; F30F6F4510
;; ; wasm 0x103 i32x4.trunc_sat_f32x4_s
;; movaps xmm15, xmm0                          ; 440F28F8
;; cmpps xmm15, xmm0, 0                        ; 440FC2F800
;; andps xmm0, xmm15                           ; 410F54C7
;; movaps xmm15, xmmword ptr [L4]              ; 440F283D........
;; cmpps xmm15, xmm0, 2                        ; 440FC2F802
;; cvttps2dq xmm0, xmm0                        ; F30F5BC0
;; pxor xmm0, xmm15                            ; 66410FEFC7
;; ; wasm 0x106 i32x4.trunc_sat_f32x4_u
;; xorps xmm15, xmm15                          ; 450F57FF
;; maxps xmm0, xmm15                           ; 410F5FC7
;; movaps xmm1, xmm0                           ; 0F28C8
;; subps xmm1, xmmword ptr [L4]                ; 0F5C0D........
;; movaps xmm15, xmmword ptr [L4]              ; 440F283D........
;; cmpps xmm15, xmm1, 2                        ; 440FC2F902
;; cvttps2dq xmm1, xmm1                        ; F30F5BC9
;; pxor xmm1, xmm15                            ; 66410FEFCF
;; pxor xmm15, xmm15                           ; 66450FEFFF
;; pmaxsd xmm1, xmm15                          ; 66410F383DCF
;; cvttps2dq xmm0, xmm0                        ; F30F5BC0
;; paddd xmm0, xmm1                            ; 660FFEC1
;; ; wasm 0x109 i32x4.trunc_sat_f64x2_u_zero
;; xorpd xmm15, xmm15                          ; 66450F57FF
;; maxpd xmm0, xmm15                           ; 66410F5FC7
;; minpd xmm0, xmmword ptr [L5]                ; 660F5D05........
;; roundpd xmm0, xmm0, 3                       ; 660F3A09C003
;; addpd xmm0, xmmword ptr [L6]                ; 660F5805........
;; shufps xmm0, xmm15, 136                     ; 410FC6C788
;; ; wasm 0x10c end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; jmp L0                                      ; E950FFFFFF
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; align 16
;; L4:
;; .db 0x00, 0x00, 0x00, 0x4F, 0x00, 0x00, 0x00, 0x4F
;; .db 0x00, 0x00, 0x00, 0x4F, 0x00, 0x00, 0x00, 0x4F
;; L5:
;; .db 0x00, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xEF, 0x41
;; .db 0x00, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xEF, 0x41
;; L6:
;; .db 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x30, 0x43
;; .db 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x30, 0x43
;;
;; func[9] $q15mulr (v128, v128) -> (v128):
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
;; ; wasm 0x10f local.get
;; movdqu xmm0, xmmword ptr [rbp+16]           ; F30F6F4510
;; ; wasm 0x111 local.get
;; movdqu xmm1, xmmword ptr [rbp+32]           ; F30F6F4D20
;; ; wasm 0x113 i16x8.q15mulr_sat_s
;; pmulhrsw xmm0, xmm1                         ; 660F380BC1
;; movdqa xmm15, xmmword ptr [L4]              ; 66440F6F3D........
;; pcmpeqw xmm15, xmm0                         ; 66440F75F8
;; pxor xmm0, xmm15                            ; 66410FEFC7
;; ; wasm 0x116 end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBB9
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; align 16
;; L4:
;; .db 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80
;; .db 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80
;;
;; func[10] $constant (v128) -> (v128):
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
;; ; wasm 0x119 local.get
;; movdqu xmm0, xmmword ptr [rbp+16]           ; F30F6F4510
;; ; wasm 0x11b v128.const
;; ; wasm 0x12d i32x4.add
;; paddd xmm0, xmmword ptr [L4]                ; 660FFE05........
;; ; wasm 0x130 end
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
;; align 16
;; L4:
;; .db 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00
;; .db 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00
