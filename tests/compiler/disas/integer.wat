;; kiln inspect --asm: i32/i64 arithmetic. Constants fold into imm32 operands;
;; division checks for zero and overflow unless the divisor is a constant that
;; needs neither; a constant shift count is masked, a variable one goes in cl.
;; In $loop_locals the locals live in registers (rbx, r12, r13): a binary
;; operation written back to its left operand's local updates that register in
;; place (the local.set is "done by the instruction before"); add/sub/mul of a
;; local and a constant use lea/imul into a fresh register; the compare feeds
;; br_if through the flags.
(module
  (func $fold (param $a i32) (result i32)
    (i32.add (i32.xor (local.get $a) (i32.const 0xff)) (i32.const 7)))
  (func $div_by_constant (param $a i32) (result i32)
    (i32.div_s (local.get $a) (i32.const 10)))
  (func $div_checked (param i64 i64) (result i64)
    (i64.div_s (local.get 0) (local.get 1)))
  (func $rem_unsigned (param i32 i32) (result i32)
    (i32.rem_u (local.get 0) (local.get 1)))
  (func $shifts (param i32 i32) (result i32)
    (i32.rotl (i32.shl (local.get 0) (i32.const 35)) (local.get 1)))
  (func $bit_counts (param i64) (result i64)
    (i64.add (i64.clz (local.get 0)) (i64.popcnt (local.get 0))))
  (func $sign_extension (param i32) (result i64)
    (i64.extend32_s (i64.extend_i32_u (i32.extend8_s (local.get 0)))))
  (func $loop_locals (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (i32.const 3)))
      (local.set $acc (i32.mul (local.get $acc) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (i32.add (i32.mul (local.get $acc) (i32.const 5)) (i32.sub (local.get $i) (i32.const 2)))))

;; expected:
;; func[0] $fold (i32) -> (i32):
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
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x38 i32.const
;; ; wasm 0x3b i32.xor
;; xor esi, 255                                ; 81F6FF000000
;; ; wasm 0x3c i32.const
;; ; wasm 0x3e i32.add
;; add esi, 7                                  ; 83C607
;; ; wasm 0x3f end
;; mov rax, rsi                                ; 4889F0
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
;; func[1] $div_by_constant (i32) -> (i32):
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
;; ; wasm 0x42 local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x44 i32.const
;; ; wasm 0x46 i32.div_s
;; mov ecx, 10                                 ; B90A000000
;; mov rax, rsi                                ; 4889F0
;; cdq                                         ; 99
;; idiv ecx                                    ; F7F9
;; L4:
;; ; wasm 0x47 end
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
;; func[2] $div_checked (i64, i64) -> (i64):
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
;; ; wasm 0x4a local.get
;; mov rsi, qword ptr [rbp+16]                 ; 488B7510
;; ; wasm 0x4c local.get
;; mov rax, qword ptr [rbp+24]                 ; 488B4518
;; ; wasm 0x4e i64.div_s
;; mov rcx, rax                                ; 4889C1
;; mov rax, rsi                                ; 4889F0
;; test rcx, rcx                               ; 4885C9
;; jz L5                                       ; 0F84........
;; cmp rcx, -1                                 ; 4883F9FF
;; jne L6                                      ; 0F85........
;; mov r11, -9223372036854775808               ; 49BB0000000000000080
;; cmp rax, r11                                ; 4C39D8
;; je L7                                       ; 0F84........
;; L6:
;; cqo                                         ; 4899
;; idiv rcx                                    ; 48F7F9
;; L4:
;; ; wasm 0x4f end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBA2
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L5:
;; mov edi, 7                                  ; BF07000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L7:
;; mov edi, 6                                  ; BF06000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[3] $rem_unsigned (i32, i32) -> (i32):
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
;; ; wasm 0x52 local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x54 local.get
;; mov eax, dword ptr [rbp+24]                 ; 8B4518
;; ; wasm 0x56 i32.rem_u
;; mov rcx, rax                                ; 4889C1
;; mov rax, rsi                                ; 4889F0
;; test ecx, ecx                               ; 85C9
;; jz L5                                       ; 0F84........
;; xor edx, edx                                ; 31D2
;; div ecx                                     ; F7F1
;; L4:
;; ; wasm 0x57 end
;; mov rax, rdx                                ; 4889D0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBC0
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L5:
;; mov edi, 7                                  ; BF07000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[4] $shifts (i32, i32) -> (i32):
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
;; ; wasm 0x5a local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x5c i32.const
;; ; wasm 0x5e i32.shl
;; shl esi, 3                                  ; C1E603
;; ; wasm 0x5f local.get
;; mov eax, dword ptr [rbp+24]                 ; 8B4518
;; ; wasm 0x61 i32.rotl
;; mov rcx, rax                                ; 4889C1
;; rol esi, cl                                 ; D3C6
;; ; wasm 0x62 end
;; mov rax, rsi                                ; 4889F0
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
;; func[5] $bit_counts (i64) -> (i64):
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
;; ; wasm 0x65 local.get
;; mov rsi, qword ptr [rbp+16]                 ; 488B7510
;; ; wasm 0x67 i64.clz
;; lzcnt rax, rsi                              ; F3480FBDC6
;; ; wasm 0x68 local.get
;; mov rsi, qword ptr [rbp+16]                 ; 488B7510
;; ; wasm 0x6a i64.popcnt
;; popcnt rcx, rsi                             ; F3480FB8CE
;; ; wasm 0x6b i64.add
;; add rax, rcx                                ; 4801C8
;; ; wasm 0x6c end
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
;; func[6] $sign_extension (i32) -> (i64):
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
;; ; wasm 0x6f local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x71 i32.extend8_s
;; rex movsx esi, sil                          ; 400FBEF6
;; ; wasm 0x72 i64.extend_i32_u
;; mov esi, esi                                ; 89F6
;; ; wasm 0x73 i64.extend32_s
;; movsxd rsi, esi                             ; 4863F6
;; ; wasm 0x74 end
;; mov rax, rsi                                ; 4889F0
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
;; func[7] $loop_locals (i32) -> (i32):
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
;; mov qword ptr [rbp-32], rbx                 ; 48895DE0
;; mov qword ptr [rbp-40], r12                 ; 4C8965D8
;; mov qword ptr [rbp-48], r13                 ; 4C896DD0
;; xor ebx, ebx                                ; 31DB
;; xor r12d, r12d                              ; 4531E4
;; ; wasm 0x79 loop
;; mov r13d, dword ptr [rbp+16]                ; 448B6D10
;; align 16
;; L4:
;; ; wasm 0x7b local.get
;; ; wasm 0x7d i32.const
;; ; wasm 0x7f i32.add
;; add r12d, 3                                 ; 4183C403
;; ; wasm 0x80 local.set (done by the instruction before)
;; ; wasm 0x82 local.get
;; ; wasm 0x84 local.get
;; ; wasm 0x86 i32.mul
;; imul r12d, ebx                              ; 440FAFE3
;; ; wasm 0x87 local.set (done by the instruction before)
;; ; wasm 0x89 local.get
;; ; wasm 0x8b i32.const
;; ; wasm 0x8d i32.add
;; add ebx, 1                                  ; 83C301
;; ; wasm 0x8e local.set (done by the instruction before)
;; ; wasm 0x90 local.get
;; ; wasm 0x92 local.get
;; ; wasm 0x94 i32.lt_u
;; cmp ebx, r13d                               ; 4439EB
;; ; wasm 0x95 br_if
;; short jb L4                                 ; 72F0
;; ; wasm 0x97 end
;; ; wasm 0x98 local.get
;; ; wasm 0x9a i32.const
;; ; wasm 0x9c i32.mul
;; imul esi, r12d, 5                           ; 416BF405
;; ; wasm 0x9d local.get
;; ; wasm 0x9f i32.const
;; ; wasm 0xa1 i32.sub
;; lea eax, [rbx-2]                            ; 8D43FE
;; ; wasm 0xa2 i32.add
;; add esi, eax                                ; 01C6
;; ; wasm 0xa3 end
;; mov rax, rsi                                ; 4889F0
;; mov rbx, qword ptr [rbp-32]                 ; 488B5DE0
;; mov r12, qword ptr [rbp-40]                 ; 4C8B65D8
;; mov r13, qword ptr [rbp-48]                 ; 4C8B6DD0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EB95
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
