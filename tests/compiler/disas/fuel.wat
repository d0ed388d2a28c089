;; kiln inspect --asm --cpu baseline --fuel 1: each stretch of straight-line
;; code opens with its charge: the stretch's cost goes to the store's counter
;; (through the vmctx), and code that would take the counter past 0 traps
;; instead of running. Stretches end at branches, calls and labels: the loop
;; body is one stretch of 8 instructions (block, loop and end cost nothing;
;; docs/fuel.md), the code after the loop another of 1. A br_if out of a
;; block does not end its stretch: taken, it gives back what the rest of the
;; stretch would have cost ($exit: 3 of the 6).
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
)

;; expected:
;; func[0] $count (i32) -> (i32):
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
;; mov qword ptr [rbp-24], rbx                 ; 48895DE8
;; mov qword ptr [rbp-32], r12                 ; 4C8965E0
;; mov r12d, dword ptr [rbp+16]                ; 448B6510
;; xor ebx, ebx                                ; 31DB
;; ; wasm 0x1c loop
;; L4:
;; ; wasm 0x1e local.get
;; mov r11, qword ptr [r14+104]                ; 4D8B5E68
;; add qword ptr [r11], 8                      ; 49810308000000
;; jg L5                                       ; 0F8F........
;; ; wasm 0x20 i32.const
;; ; wasm 0x22 i32.add
;; add ebx, 1                                  ; 83C301
;; ; wasm 0x23 local.set (done by the instruction before)
;; ; wasm 0x25 local.get
;; ; wasm 0x27 local.get
;; ; wasm 0x29 i32.lt_u
;; cmp ebx, r12d                               ; 4439E3
;; ; wasm 0x2a br_if
;; short jb L4                                 ; 72E7
;; ; wasm 0x2c end
;; ; wasm 0x2d local.get
;; mov r11, qword ptr [r14+104]                ; 4D8B5E68
;; add qword ptr [r11], 1                      ; 49810301000000
;; jg L6                                       ; 0F8F........
;; ; wasm 0x2f end
;; mov rax, rbx                                ; 4889D8
;; mov rbx, qword ptr [rbp-24]                 ; 488B5DE8
;; mov r12, qword ptr [rbp-32]                 ; 4C8B65E0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EB93
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
;; lea r11, qword ptr [rsp-48]                 ; 4C8D5C24D0
;; cmp r11, qword ptr [r14+8]                  ; 4D3B5E08
;; jb L2                                       ; 0F82........
;; sub rsp, 48                                 ; 4883EC30
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x32 block
;; ; wasm 0x34 local.get
;; mov r11, qword ptr [r14+104]                ; 4D8B5E68
;; add qword ptr [r11], 5                      ; 49810305000000
;; jg L5                                       ; 0F8F........
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x36 br_if
;; test esi, esi                               ; 85F6
;; jne L6                                      ; 0F85........
;; ; wasm 0x38 i32.const
;; ; wasm 0x3a drop
;; ; wasm 0x3b i32.const
;; ; wasm 0x3d drop
;; ; wasm 0x3e i32.const
;; ; wasm 0x40 drop
;; ; wasm 0x41 end
;; L4:
;; ; wasm 0x42 i32.const
;; mov r11, qword ptr [r14+104]                ; 4D8B5E68
;; add qword ptr [r11], 1                      ; 49810301000000
;; jg L7                                       ; 0F8F........
;; ; wasm 0x44 end
;; mov eax, 7                                  ; B807000000
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBA4
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
;; mov r11, qword ptr [r14+104]                ; 4D8B5E68
;; sub qword ptr [r11], 3                      ; 49832B03
;; short jmp L4                                ; EBA7
