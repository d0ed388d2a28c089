;; kiln inspect --asm --bounds-checks: each access first compares address +
;; offset + size, computed in 64 bits, with the memory's current length, and
;; traps out of line when it is past it; stores check the same way. An
;; imported memory's length is read through the import.
(module
  (import "env" "memory" (memory 1))
  (func $load (param i32) (result i32)
    (i32.load offset=4 (local.get 0)))
  (func $store (param i32 i64)
    (i64.store offset=0xfffffff0 (local.get 0) (local.get 1))))

;; expected:
;; func[0] $load (i32) -> (i32):
;; mov r14, rdi                                ; 4989FE
;; mov r11, qword ptr [r14+32]                 ; 4D8B5E20
;; mov r15, qword ptr [r11]                    ; 4D8B3B
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 48                                 ; 4883EC30
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x30 local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x32 i32.load
;; mov rax, qword ptr [r14+32]                 ; 498B4620
;; lea r11, qword ptr [rsi+8]                  ; 4C8D5E08
;; cmp r11, qword ptr [rax+8]                  ; 4C3B5808
;; ja L4                                       ; 0F87........
;; mov esi, dword ptr [r15+rsi+4]              ; 418B743704
;; ; wasm 0x35 end
;; mov rax, rsi                                ; 4889F0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBBE
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L4:
;; mov edi, 1                                  ; BF01000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[1] $store (i32, i64) -> ():
;; mov r14, rdi                                ; 4989FE
;; mov r11, qword ptr [r14+32]                 ; 4D8B5E20
;; mov r15, qword ptr [r11]                    ; 4D8B3B
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 64                                 ; 4883EC40
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x38 local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x3a local.get
;; mov rax, qword ptr [rbp+24]                 ; 488B4518
;; ; wasm 0x3c i64.store
;; mov rcx, qword ptr [r14+32]                 ; 498B4E20
;; mov r11, 4294967288                         ; 49BBF8FFFFFF00000000
;; add r11, rsi                                ; 4901F3
;; cmp r11, qword ptr [rcx+8]                  ; 4C3B5908
;; ja L4                                       ; 0F87........
;; mov r11d, 4294967280                        ; 41BBF0FFFFFF
;; add r11, rsi                                ; 4901F3
;; mov qword ptr [r15+r11], rax                ; 4B89041F
;; ; wasm 0x43 end
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
;; mov edi, 1                                  ; BF01000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
