;; kiln inspect --asm: reference and table instructions. Table accesses call
;; their libcalls with the table's index among definitions (or imports, for
;; the imported variant), then check the sentinel: false, or all ones for
;; table.get. ref.func is the address of the funcref inside the vmctx.
(module
  (import "env" "table" (table $imported 1 externref))
  (table $t 2 funcref)
  (elem $e func $get)
  (func $get (param i32) (result funcref)
    (table.get $t (local.get 0)))
  (func $set_imported (param i32 externref)
    (table.set $imported (local.get 0) (local.get 1)))
  (func $size_grow_fill (result i32)
    (table.fill $t (i32.const 0) (ref.func $get) (i32.const 1))
    (i32.add (table.size $t) (table.grow $t (ref.null func) (i32.const 3))))
  (func $copy_init (param i32)
    (table.copy $t $t (local.get 0) (i32.const 0) (i32.const 1))
    (table.init $t $e (local.get 0) (i32.const 0) (i32.const 1))
    (elem.drop $e))
  (func $is_null (param externref) (result i32)
    (ref.is_null (local.get 0))))

;; expected:
;; func[0] $get (i32) -> (funcref):
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
;; ; wasm 0x4d local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x4f table.get
;; mov qword ptr [rbp-16], rsi                 ; 488975F0
;; mov rdi, r14                                ; 4C89F7
;; mov esi, 0                                  ; BE00000000
;; mov edx, dword ptr [rbp-16]                 ; 8B55F0
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+328]                    ; FF9048010000            | kiln_table_get
;; cmp rax, -1                                 ; 4883F8FF
;; je L4                                       ; 0F84........
;; ; wasm 0x51 end
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
;; L4:
;; mov edi, 3                                  ; BF03000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[1] $set_imported (i32, externref) -> ():
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
;; ; wasm 0x54 local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x56 local.get
;; mov rax, qword ptr [rbp+24]                 ; 488B4518
;; ; wasm 0x58 table.set
;; mov qword ptr [rbp-16], rsi                 ; 488975F0
;; mov qword ptr [rbp-24], rax                 ; 488945E8
;; mov rdi, r14                                ; 4C89F7
;; mov esi, 0                                  ; BE00000000
;; mov edx, dword ptr [rbp-16]                 ; 8B55F0
;; mov rcx, qword ptr [rbp-24]                 ; 488B4DE8
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+352]                    ; FF9060010000            | kiln_imported_table_set
;; test al, al                                 ; 84C0
;; jz L4                                       ; 0F84........
;; ; wasm 0x5a end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBAC
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L4:
;; mov edi, 3                                  ; BF03000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[2] $size_grow_fill () -> (i32):
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
;; ; wasm 0x5d i32.const
;; ; wasm 0x5f ref.func
;; lea rsi, qword ptr [r14+88]                 ; 498D7658
;; ; wasm 0x61 i32.const
;; ; wasm 0x63 table.fill
;; mov qword ptr [rbp-24], rsi                 ; 488975E8
;; mov rdi, r14                                ; 4C89F7
;; mov esi, 0                                  ; BE00000000
;; mov edx, 0                                  ; BA00000000
;; mov rcx, qword ptr [rbp-24]                 ; 488B4DE8
;; mov r8d, 1                                  ; 41B801000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+280]                    ; FF9018010000            | kiln_table_fill
;; test al, al                                 ; 84C0
;; jz L4                                       ; 0F84........
;; ; wasm 0x66 table.size
;; mov rdi, r14                                ; 4C89F7
;; mov esi, 0                                  ; BE00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+296]                    ; FF9028010000            | kiln_table_size
;; ; wasm 0x69 ref.null
;; ; wasm 0x6b i32.const
;; ; wasm 0x6d table.grow
;; mov qword ptr [rbp-16], rax                 ; 488945F0
;; mov rdi, r14                                ; 4C89F7
;; mov esi, 0                                  ; BE00000000
;; mov edx, 3                                  ; BA03000000
;; mov ecx, 0                                  ; B900000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+248]                    ; FF90F8000000            | kiln_table_grow
;; ; wasm 0x70 i32.add
;; mov esi, dword ptr [rbp-16]                 ; 8B75F0
;; add esi, eax                                ; 01C6
;; ; wasm 0x71 end
;; mov rax, rsi                                ; 4889F0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; jmp L0                                      ; E970FFFFFF
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L4:
;; mov edi, 3                                  ; BF03000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[3] $copy_init (i32) -> ():
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
;; ; wasm 0x74 local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x76 i32.const
;; ; wasm 0x78 i32.const
;; ; wasm 0x7a table.copy
;; mov qword ptr [rbp-16], rsi                 ; 488975F0
;; mov rdi, r14                                ; 4C89F7
;; mov esi, 1                                  ; BE01000000
;; mov edx, 1                                  ; BA01000000
;; mov ecx, dword ptr [rbp-16]                 ; 8B4DF0
;; mov r8d, 0                                  ; 41B800000000
;; mov r9d, 1                                  ; 41B901000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+216]                    ; FF90D8000000            | kiln_table_copy
;; test al, al                                 ; 84C0
;; jz L4                                       ; 0F84........
;; ; wasm 0x7e local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x80 i32.const
;; ; wasm 0x82 i32.const
;; ; wasm 0x84 table.init
;; mov qword ptr [rbp-16], rsi                 ; 488975F0
;; mov rdi, r14                                ; 4C89F7
;; mov esi, 0                                  ; BE00000000
;; mov edx, 0                                  ; BA00000000
;; mov ecx, dword ptr [rbp-16]                 ; 8B4DF0
;; mov r8d, 0                                  ; 41B800000000
;; mov r9d, 1                                  ; 41B901000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+224]                    ; FF90E0000000            | kiln_table_init
;; test al, al                                 ; 84C0
;; jz L5                                       ; 0F84........
;; ; wasm 0x88 elem.drop
;; mov rdi, r14                                ; 4C89F7
;; mov esi, 0                                  ; BE00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+240]                    ; FF90F0000000            | kiln_elem_drop
;; ; wasm 0x8b end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; jmp L0                                      ; E95FFFFFFF
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L4:
;; mov edi, 3                                  ; BF03000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L5:
;; mov edi, 3                                  ; BF03000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[4] $is_null (externref) -> (i32):
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
;; ; wasm 0x8e local.get
;; mov rsi, qword ptr [rbp+16]                 ; 488B7510
;; ; wasm 0x90 ref.is_null
;; test rsi, rsi                               ; 4885F6
;; ; wasm 0x91 end
;; rex sete sil                                ; 400F94C6
;; rex movzx esi, sil                          ; 400FB6F6
;; mov rax, rsi                                ; 4889F0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBC9
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
