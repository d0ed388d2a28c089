;; kiln inspect --asm --cpu baseline --fuel 1: each stretch of straight-line
;; code opens with its charge: the stretch's cost goes to the store's counter,
;; which metered code keeps in r13 (no local ever lives there), and code that
;; would take the counter past 0 traps instead of running. Stretches end at
;; branches, calls and labels: the loop body is one stretch of 8 instructions
;; (block, loop and end cost nothing; docs/fuel.md), the code after the loop
;; another of 1. A br_if out of a block does not end its stretch: taken, it
;; gives back what the rest of the stretch would have cost ($exit: 3 of the
;; 6). $sum's third local lives in r10, where code without fuel would use
;; r13 (as $loop_locals of integer.wat does).
(module
  (func $count (param $n i32) (result i32)
    (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $i))
  (func $exit (param i32) (result i32)
    (block $out
      (br_if $out (local.get 0))
      (drop (i32.const 1))
      (drop (i32.const 2))
      (drop (i32.const 3)))
    (i32.const 7))
  (func $sum (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))
)

;; expected:
;; func[0] $count (i32) -> (i32):
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
;; ; wasm 0x1d loop
;; mov r12d, dword ptr [rbp+16]                ; 448B6510
;; align 16
;; L4:
;; ; wasm 0x1f local.get
;; add r13, 8                                  ; 4981C508000000
;; jg L5                                       ; 0F8F........
;; ; wasm 0x21 i32.const
;; ; wasm 0x23 i32.add
;; add ebx, 1                                  ; 83C301
;; ; wasm 0x24 local.set (done by the instruction before)
;; ; wasm 0x26 local.get
;; ; wasm 0x28 local.get
;; ; wasm 0x2a i32.lt_u
;; cmp ebx, r12d                               ; 4439E3
;; ; wasm 0x2b br_if
;; short jb L4                                 ; 72EB
;; ; wasm 0x2d end
;; ; wasm 0x2e local.get
;; add r13, 1                                  ; 4981C501000000
;; jg L6                                       ; 0F8F........
;; ; wasm 0x30 end
;; mov rax, rbx                                ; 4889D8
;; mov rbx, qword ptr [rbp-24]                 ; 488B5DE8
;; mov r12, qword ptr [rbp-32]                 ; 4C8B65E0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBA0
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L5:
;; mov edi, 11                                 ; BF0B000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L6:
;; mov edi, 11                                 ; BF0B000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[1] $exit (i32) -> (i32):
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
;; ; wasm 0x33 block
;; ; wasm 0x35 local.get
;; add r13, 5                                  ; 4981C505000000
;; jg L5                                       ; 0F8F........
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x37 br_if
;; test esi, esi                               ; 85F6
;; jne L6                                      ; 0F85........
;; ; wasm 0x39 i32.const
;; ; wasm 0x3b drop
;; ; wasm 0x3c i32.const
;; ; wasm 0x3e drop
;; ; wasm 0x3f i32.const
;; ; wasm 0x41 drop
;; ; wasm 0x42 end
;; L4:
;; ; wasm 0x43 i32.const
;; add r13, 1                                  ; 4981C501000000
;; jg L7                                       ; 0F8F........
;; ; wasm 0x45 end
;; mov eax, 7                                  ; B807000000
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBB1
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L5:
;; mov edi, 11                                 ; BF0B000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L7:
;; mov edi, 11                                 ; BF0B000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L6:
;; sub r13, 3                                  ; 4983ED03
;; short jmp L4                                ; EBAF
;;
;; func[2] $sum (i32) -> (i32):
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
;; mov qword ptr [rbp-32], rbx                 ; 48895DE0
;; mov qword ptr [rbp-40], r12                 ; 4C8965D8
;; xor ebx, ebx                                ; 31DB
;; xor r12d, r12d                              ; 4531E4
;; ; wasm 0x4a loop
;; mov r10d, dword ptr [rbp+16]                ; 448B5510
;; align 16
;; L4:
;; ; wasm 0x4c local.get
;; add r13, 12                                 ; 4981C50C000000
;; jg L5                                       ; 0F8F........
;; ; wasm 0x4e local.get
;; ; wasm 0x50 i32.add
;; add r12d, ebx                               ; 4101DC
;; ; wasm 0x51 local.set (done by the instruction before)
;; ; wasm 0x53 local.get
;; ; wasm 0x55 i32.const
;; ; wasm 0x57 i32.add
;; add ebx, 1                                  ; 83C301
;; ; wasm 0x58 local.set (done by the instruction before)
;; ; wasm 0x5a local.get
;; ; wasm 0x5c local.get
;; ; wasm 0x5e i32.lt_u
;; cmp ebx, r10d                               ; 4439D3
;; ; wasm 0x5f br_if
;; short jb L4                                 ; 72E8
;; ; wasm 0x61 end
;; ; wasm 0x62 local.get
;; add r13, 1                                  ; 4981C501000000
;; jg L6                                       ; 0F8F........
;; ; wasm 0x64 end
;; mov rax, r12                                ; 4C89E0
;; mov rbx, qword ptr [rbp-32]                 ; 488B5DE0
;; mov r12, qword ptr [rbp-40]                 ; 4C8B65D8
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
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L5:
;; mov edi, 11                                 ; BF0B000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L6:
;; mov edi, 11                                 ; BF0B000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
