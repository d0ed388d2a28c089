;; kiln inspect --asm: control flow. Every value is spilled at a block, loop
;; or if; a label's values meet in the spill slots of their positions. A
;; compare feeds br_if, if, select and eqz straight from the flags; a
;; br_table of fewer than 32 targets compares the index with each in turn, a
;; larger one jumps through a table of 32-bit offsets (to the label itself
;; when its values are in place, else to a landing that moves them); unreachable
;; jumps to an out-of-line trap. An if whose then arm is one value puts it in
;; the result's register and branches to the end; one whose then arm leaves
;; (moves, then br or return) puts the arm in the cold section, after the
;; function's code: either way the other path falls through.
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
  (func $dispatch (param i32) (result i32)
    (block $done (result i32)
      (block $c (result i32)
        (block $b (result i32)
          (block $a (result i32)
            (br_table $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a
                      $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $done
                      (i32.const 7) (local.get 0)))
          (return (i32.add (i32.const 10))))
        (return (i32.add (i32.const 20))))
      (i32.add (i32.const 30))))
  (func $switch (param i32)
    (block $x (block $y (block $z (block $w
      (br_table $w $x $y $z $w (local.get 0)))))))  ;; 4 targets: compares
  (func $choose (param i64 i64 i32) (result i64)
    (select (local.get 0) (local.get 1) (i32.lt_u (local.get 2) (i32.const 9))))
  (func $trap (param i32) (result i32)
    (if (local.get 0) (then (unreachable)))
    (local.get 0))
  (func $search (param i32) (result i32) (local i32)
    (if (i32.lt_s (local.get 0) (i32.const 0)) (then (i32.const -1) (return)))
    (block $found
      (loop $next
        (if (i32.eq (i32.mul (local.get 1) (local.get 1)) (local.get 0))
          (then (local.get 1) (local.set 0) (br $found)))
        (br_if $next (i32.lt_u (local.tee 1 (i32.add (local.get 1) (i32.const 1)))
                               (i32.const 64)))))
    (local.get 0)))

;; expected:
;; func[0] $blocks (i32, i32) -> (i32):
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
;; ; wasm 0x31 block
;; ; wasm 0x33 i32.const
;; ; wasm 0x35 local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x37 local.get
;; mov eax, dword ptr [rbp+24]                 ; 8B4518
;; ; wasm 0x39 i32.gt_s
;; cmp esi, eax                                ; 39C6
;; ; wasm 0x3a br_if
;; jle L5                                      ; 0F8E........
;; mov esi, 1                                  ; BE01000000
;; jmp L4                                      ; E9........
;; L5:
;; ; wasm 0x3c drop
;; ; wasm 0x3d local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x3f i32.const
;; ; wasm 0x41 i32.eq
;; cmp esi, 3                                  ; 83FE03
;; ; wasm 0x42 i32.eqz
;; ; wasm 0x43 if
;; ; wasm 0x45 i32.const
;; ; wasm 0x47 else
;; mov esi, 10                                 ; BE0A000000
;; jne L6                                      ; 0F85........
;; L7:
;; ; wasm 0x48 i32.const
;; ; wasm 0x4a end
;; mov esi, 20                                 ; BE14000000
;; L6:
;; ; wasm 0x4b end
;; L4:
;; ; wasm 0x4c end
;; mov rax, rsi                                ; 4889F0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBAA
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
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 64                                 ; 4883EC40
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x4f block
;; ; wasm 0x51 block
;; ; wasm 0x53 local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x55 br_table
;; cmp esi, 0                                  ; 83FE00
;; je L4                                       ; 0F84........
;; cmp esi, 1                                  ; 83FE01
;; je L5                                       ; 0F84........
;; jmp L4                                      ; E9........
;; L5:
;; ; wasm 0x5b i32.const
;; ; wasm 0x5d return
;; mov eax, 1                                  ; B801000000
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L4:
;; ; wasm 0x5f i32.const
;; ; wasm 0x61 end
;; mov eax, 2                                  ; B802000000
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBB2
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[2] $dispatch (i32) -> (i32):
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
;; ; wasm 0x64 block
;; ; wasm 0x66 block
;; ; wasm 0x68 block
;; ; wasm 0x6a block
;; ; wasm 0x6c i32.const
;; ; wasm 0x6e local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x70 br_table
;; cmp esi, 32                                 ; 83FE20
;; jae L9                                      ; 0F83........
;; mov esi, esi                                ; 89F6
;; lea r11, [L8]                               ; 4C8D1D........
;; movsxd rsi, dword ptr [r11+rsi*4]           ; 496334B3
;; add rsi, r11                                ; 4C01DE
;; jmp rsi                                     ; FFE6
;; align 4
;; L8:
;; .dd (L10 - L8)
;; .dd (L11 - L8)
;; .dd (L12 - L8)
;; .dd (L10 - L8)
;; .dd (L11 - L8)
;; .dd (L12 - L8)
;; .dd (L10 - L8)
;; .dd (L11 - L8)
;; .dd (L12 - L8)
;; .dd (L10 - L8)
;; .dd (L11 - L8)
;; .dd (L12 - L8)
;; .dd (L10 - L8)
;; .dd (L11 - L8)
;; .dd (L12 - L8)
;; .dd (L10 - L8)
;; .dd (L11 - L8)
;; .dd (L12 - L8)
;; .dd (L10 - L8)
;; .dd (L11 - L8)
;; .dd (L12 - L8)
;; .dd (L10 - L8)
;; .dd (L11 - L8)
;; .dd (L12 - L8)
;; .dd (L10 - L8)
;; .dd (L11 - L8)
;; .dd (L12 - L8)
;; .dd (L10 - L8)
;; .dd (L11 - L8)
;; .dd (L12 - L8)
;; .dd (L10 - L8)
;; .dd (L11 - L8)
;; L9:
;; mov eax, 7                                  ; B807000000
;; jmp L4                                      ; E9........
;; L10:
;; mov esi, 7                                  ; BE07000000
;; jmp L7                                      ; E9........
;; L11:
;; mov esi, 7                                  ; BE07000000
;; jmp L6                                      ; E9........
;; L12:
;; mov esi, 7                                  ; BE07000000
;; jmp L5                                      ; E9........
;; L7:
;; ; wasm 0x94 i32.const
;; ; wasm 0x96 i32.add
;; add esi, 10                                 ; 83C60A
;; ; wasm 0x97 return
;; mov rax, rsi                                ; 4889F0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L6:
;; ; wasm 0x99 i32.const
;; ; wasm 0x9b i32.add
;; add esi, 20                                 ; 83C614
;; ; wasm 0x9c return
;; mov rax, rsi                                ; 4889F0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L5:
;; ; wasm 0x9e i32.const
;; ; wasm 0xa0 i32.add
;; add esi, 30                                 ; 83C61E
;; ; wasm 0xa1 end
;; mov rax, rsi                                ; 4889F0
;; L4:
;; ; wasm 0xa2 end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; jmp L0                                      ; E9F6FEFFFF
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[3] $switch (i32) -> ():
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
;; ; wasm 0xa5 block
;; ; wasm 0xa7 block
;; ; wasm 0xa9 block
;; ; wasm 0xab block
;; ; wasm 0xad local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0xaf br_table
;; cmp esi, 0                                  ; 83FE00
;; je L7                                       ; 0F84........
;; cmp esi, 1                                  ; 83FE01
;; je L4                                       ; 0F84........
;; cmp esi, 2                                  ; 83FE02
;; je L5                                       ; 0F84........
;; cmp esi, 3                                  ; 83FE03
;; je L6                                       ; 0F84........
;; jmp L7                                      ; E9........
;; L7:
;; ; wasm 0xb7 end
;; L6:
;; ; wasm 0xb8 end
;; L5:
;; ; wasm 0xb9 end
;; L4:
;; ; wasm 0xba end
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
;; func[4] $choose (i64, i64, i32) -> (i64):
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
;; ; wasm 0xbd local.get
;; mov rsi, qword ptr [rbp+16]                 ; 488B7510
;; ; wasm 0xbf local.get
;; mov rax, qword ptr [rbp+24]                 ; 488B4518
;; ; wasm 0xc1 local.get
;; mov ecx, dword ptr [rbp+32]                 ; 8B4D20
;; ; wasm 0xc3 i32.const
;; ; wasm 0xc5 i32.lt_u
;; cmp ecx, 9                                  ; 83F909
;; ; wasm 0xc6 select
;; cmovae rsi, rax                             ; 480F43F0
;; ; wasm 0xc7 end
;; mov rax, rsi                                ; 4889F0
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
;; func[5] $trap (i32) -> (i32):
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
;; ; wasm 0xca local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0xcc if
;; test esi, esi                               ; 85F6
;; je L5                                       ; 0F84........
;; ; wasm 0xce unreachable
;; jmp L6                                      ; E9........
;; L5:
;; L4:
;; ; wasm 0xd0 local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0xd2 end
;; mov rax, rsi                                ; 4889F0
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
;; L6:
;; mov edi, 9                                  ; BF09000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[6] $search (i32) -> (i32):
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
;; mov qword ptr [rbp-24], rbx                 ; 48895DE8
;; mov qword ptr [rbp-32], r12                 ; 4C8965E0
;; xor ebx, ebx                                ; 31DB
;; ; wasm 0xd7 local.get
;; mov r12d, dword ptr [rbp+16]                ; 448B6510
;; ; wasm 0xd9 i32.const
;; ; wasm 0xdb i32.lt_s
;; cmp r12d, 0                                 ; 4183FC00
;; ; wasm 0xdc if
;; jl L6                                       ; 0F8C........
;; .section .cold {#1}
;; L6:
;; ; wasm 0xde i32.const
;; ; wasm 0xe0 return
;; mov eax, 4294967295                         ; B8FFFFFFFF
;; mov rbx, qword ptr [rbp-24]                 ; 488B5DE8
;; mov r12, qword ptr [rbp-32]                 ; 4C8B65E0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; .section .text {#0}
;; L5:
;; L4:
;; ; wasm 0xe2 block
;; ; wasm 0xe4 loop
;; align 16
;; L8:
;; ; wasm 0xe6 local.get
;; ; wasm 0xe8 local.get
;; ; wasm 0xea i32.mul
;; mov rsi, rbx                                ; 4889DE
;; imul esi, ebx                               ; 0FAFF3
;; ; wasm 0xeb local.get
;; ; wasm 0xed i32.eq
;; cmp esi, r12d                               ; 4439E6
;; ; wasm 0xee if
;; je L11                                      ; 0F84........
;; .section .cold {#1}
;; L11:
;; ; wasm 0xf0 local.get
;; ; wasm 0xf2 local.set
;; mov r12, rbx                                ; 4989DC
;; ; wasm 0xf4 br
;; jmp L7                                      ; E9........
;; .section .text {#0}
;; L10:
;; L9:
;; ; wasm 0xf7 local.get
;; ; wasm 0xf9 i32.const
;; ; wasm 0xfb i32.add
;; add ebx, 1                                  ; 83C301
;; ; wasm 0xfc local.tee (done by the instruction before)
;; ; wasm 0xfe i32.const
;; ; wasm 0x101 i32.lt_u
;; cmp ebx, 64                                 ; 83FB40
;; ; wasm 0x102 br_if
;; short jb L8                                 ; 72E9
;; ; wasm 0x104 end
;; ; wasm 0x105 end
;; L7:
;; ; wasm 0x106 local.get
;; ; wasm 0x108 end
;; mov rax, r12                                ; 4C89E0
;; mov rbx, qword ptr [rbp-24]                 ; 488B5DE8
;; mov r12, qword ptr [rbp-32]                 ; 4C8B65E0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EB9B
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
