;; kiln inspect --asm: control flow. Every value is spilled at a block, loop
;; or if; a label's values meet in the spill slots of their positions. A
;; compare feeds br_if, if, select and eqz straight from the flags; br_table
;; compares the index with each target in turn; unreachable jumps to an
;; out-of-line trap.
(module
  (func $blocks (param i32 i32) (result i32)
    (block $out (result i32)
      (drop (br_if $out (i32.const 1) (i32.gt_s (local.get 0) (local.get 1))))
      (if (result i32) (i32.eqz (i32.eq (local.get 0) (i32.const 3)))
        (then (i32.const 10))
        (else (i32.const 20)))))
  (func $table (param i32) (result i32)
    (block $a
      (block $b
        (br_table $a $b $a (local.get 0)))
      (return (i32.const 1)))
    (i32.const 2))
  (func $choose (param i64 i64 i32) (result i64)
    (select (local.get 0) (local.get 1) (i32.lt_u (local.get 2) (i32.const 9))))
  (func $trap (param i32) (result i32)
    (if (local.get 0) (then (unreachable)))
    (local.get 0)))

;; expected:
;; func[0] $blocks (i32, i32) -> (i32):
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
;; ; wasm 0x29 block
;; ; wasm 0x2b i32.const
;; ; wasm 0x2d local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x2f local.get
;; mov eax, dword ptr [rbp+24]                 ; 8B4518
;; ; wasm 0x31 i32.gt_s
;; cmp esi, eax                                ; 39C6
;; ; wasm 0x32 br_if
;; jle L5                                      ; 0F8E........
;; mov qword ptr [rbp-16], 1                   ; 48C745F001000000
;; jmp L4                                      ; E9........
;; L5:
;; ; wasm 0x34 drop
;; ; wasm 0x35 local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x37 i32.const
;; ; wasm 0x39 i32.eq
;; cmp esi, 3                                  ; 83FE03
;; ; wasm 0x3a i32.eqz
;; ; wasm 0x3b if
;; je L7                                       ; 0F84........
;; ; wasm 0x3d i32.const
;; ; wasm 0x3f else
;; mov qword ptr [rbp-16], 10                  ; 48C745F00A000000
;; jmp L6                                      ; E9........
;; L7:
;; ; wasm 0x40 i32.const
;; ; wasm 0x42 end
;; mov qword ptr [rbp-16], 20                  ; 48C745F014000000
;; L6:
;; ; wasm 0x43 end
;; L4:
;; ; wasm 0x44 end
;; mov eax, dword ptr [rbp-16]                 ; 8B45F0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EB97
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[1] $table (i32) -> (i32):
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
;; ; wasm 0x47 block
;; ; wasm 0x49 block
;; ; wasm 0x4b local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x4d br_table
;; cmp esi, 0                                  ; 83FE00
;; je L4                                       ; 0F84........
;; cmp esi, 1                                  ; 83FE01
;; je L5                                       ; 0F84........
;; jmp L4                                      ; E9........
;; L5:
;; ; wasm 0x53 i32.const
;; ; wasm 0x55 return
;; mov eax, 1                                  ; B801000000
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L4:
;; ; wasm 0x57 i32.const
;; ; wasm 0x59 end
;; mov eax, 2                                  ; B802000000
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBAD
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[2] $choose (i64, i64, i32) -> (i64):
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
;; ; wasm 0x5c local.get
;; mov rsi, qword ptr [rbp+16]                 ; 488B7510
;; ; wasm 0x5e local.get
;; mov rax, qword ptr [rbp+24]                 ; 488B4518
;; ; wasm 0x60 local.get
;; mov ecx, dword ptr [rbp+32]                 ; 8B4D20
;; ; wasm 0x62 i32.const
;; ; wasm 0x64 i32.lt_u
;; cmp ecx, 9                                  ; 83F909
;; ; wasm 0x65 select
;; cmovae rsi, rax                             ; 480F43F0
;; ; wasm 0x66 end
;; mov rax, rsi                                ; 4889F0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBC1
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[3] $trap (i32) -> (i32):
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
;; ; wasm 0x69 local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x6b if
;; test esi, esi                               ; 85F6
;; je L5                                       ; 0F84........
;; ; wasm 0x6d unreachable
;; jmp L6                                      ; E9........
;; L5:
;; L4:
;; ; wasm 0x6f local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x71 end
;; mov rax, rsi                                ; 4889F0
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
;; L6:
;; mov edi, 9                                  ; BF09000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
