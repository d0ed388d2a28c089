;; kiln inspect --asm: loads and stores address [r15 + address + offset] with
;; no check (guard pages catch what is out of bounds; each access is a trap
;; site). Narrow loads sign- or zero-extend; integer constants are stored as
;; immediates; an offset above 2^31 is added to the address first.
;; memory.size reads the current length; memory.grow calls its libcall and
;; reloads the memory base (r15). An address base + (i << k), k = 1..3,
;; is one lea. A float load right before add, sub, mul or div of its type is
;; that op's memory operand (a trap site too). A load, or a local plus a
;; constant, that a local.set takes writes the local's home register.
(module
  (memory 1)
  (func $loads (param i32) (result i64)
    (i64.add
      (i64.add (i64.load8_s (local.get 0)) (i64.load32_u offset=4 (local.get 0)))
      (i64.extend_i32_s (i32.load16_u offset=8 (local.get 0)))))
  (func $float_loads (param i32) (result f64)
    (f64.add (f64.promote_f32 (f32.load (local.get 0))) (f64.load offset=16 (local.get 0))))
  (func $stores (param i32 i64 f32)
    (i32.store8 (local.get 0) (i32.const 0x1ff))
    (i64.store32 offset=4 (local.get 0) (local.get 1))
    (f32.store offset=8 (local.get 0) (local.get 2))
    (i64.store offset=0x80000000 (local.get 0) (i64.const -1)))
  (func $size_and_grow (param i32) (result i32)
    (i32.add (memory.size) (memory.grow (local.get 0))))
  ;; An array element's address, base + (i << 2), is one `lea`, which
  ;; consumes the add (a shift by 4 stays a shift: no lea scales by 16).
  (func $element (param $base i32) (param $i i32) (result i32)
    (i32.load (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 2))))
    (i32.load (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 4))))
    (i32.add))
  ;; p = load(p): the load's address is the home it writes.
  (func $walk (param $p i32) (param $n i32) (result i32)
    (local $q i32)
    (loop $l
      (local.set $p (i32.load (local.get $p)))
      (local.set $q (i32.add (local.get $p) (i32.const 4)))
      (br_if $l (i32.ne (i32.load (local.get $q)) (local.get $n))))
    (local.get $p)))

;; expected:
;; func[0] $loads (i32) -> (i64):
;; mov r14, rdi                                ; 4989FE
;; mov r15, qword ptr [r14+32]                 ; 4D8B7E20
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 64                                 ; 4883EC40
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x3a local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x3c i64.load8_s
;; movsx rsi, byte ptr [r15+rsi]               ; 490FBE3437
;; ; wasm 0x3f local.get
;; mov eax, dword ptr [rbp+16]                 ; 8B4510
;; ; wasm 0x41 i64.load32_u
;; mov eax, dword ptr [r15+rax+4]              ; 418B440704
;; ; wasm 0x44 i64.add
;; add rsi, rax                                ; 4801C6
;; ; wasm 0x45 local.get
;; mov eax, dword ptr [rbp+16]                 ; 8B4510
;; ; wasm 0x47 i32.load16_u
;; movzx eax, word ptr [r15+rax+8]             ; 410FB7440708
;; ; wasm 0x4a i64.extend_i32_s
;; movsxd rax, eax                             ; 4863C0
;; ; wasm 0x4b i64.add
;; add rsi, rax                                ; 4801C6
;; ; wasm 0x4c end
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
;; func[1] $float_loads (i32) -> (f64):
;; mov r14, rdi                                ; 4989FE
;; mov r15, qword ptr [r14+32]                 ; 4D8B7E20
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 64                                 ; 4883EC40
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x4f local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x51 f32.load
;; movss xmm0, dword ptr [r15+rsi]             ; F3410F100437
;; ; wasm 0x54 f64.promote_f32
;; cvtss2sd xmm0, xmm0                         ; F30F5AC0
;; ; wasm 0x55 local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x57 f64.load
;; addsd xmm0, qword ptr [r15+rsi+16]          ; F2410F58443710
;; ; wasm 0x5a f64.add (done by the instruction before)
;; ; wasm 0x5b end
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBC4
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[2] $stores (i32, i64, f32) -> ():
;; mov r14, rdi                                ; 4989FE
;; mov r15, qword ptr [r14+32]                 ; 4D8B7E20
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 64                                 ; 4883EC40
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x5e local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x60 i32.const
;; ; wasm 0x63 i32.store8
;; mov byte ptr [r15+rsi], -1                  ; 41C60437FF
;; ; wasm 0x66 local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x68 local.get
;; mov rax, qword ptr [rbp+24]                 ; 488B4518
;; ; wasm 0x6a i64.store32
;; mov dword ptr [r15+rsi+4], eax              ; 4189443704
;; ; wasm 0x6d local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x6f local.get
;; movss xmm0, qword ptr [rbp+32]              ; F30F104520
;; ; wasm 0x71 f32.store
;; movss dword ptr [r15+rsi+8], xmm0           ; F3410F11443708
;; ; wasm 0x74 local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x76 i64.const
;; ; wasm 0x78 i64.store
;; mov r11d, 2147483648                        ; 41BB00000080
;; add r11, rsi                                ; 4901F3
;; mov qword ptr [r15+r11], -1                 ; 4BC7041FFFFFFFFF
;; ; wasm 0x7f end
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
;;
;; func[3] $size_and_grow (i32) -> (i32):
;; mov r14, rdi                                ; 4989FE
;; mov r15, qword ptr [r14+32]                 ; 4D8B7E20
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 64                                 ; 4883EC40
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x82 memory.size
;; mov rsi, qword ptr [r14+40]                 ; 498B7628
;; shr rsi, 16                                 ; 48C1EE10
;; ; wasm 0x84 local.get
;; mov eax, dword ptr [rbp+16]                 ; 8B4510
;; ; wasm 0x86 memory.grow
;; mov qword ptr [rbp-16], rsi                 ; 488975F0
;; mov qword ptr [rbp-24], rax                 ; 488945E8
;; mov rdi, r14                                ; 4C89F7
;; mov esi, 0                                  ; BE00000000
;; mov edx, dword ptr [rbp-24]                 ; 8B55E8
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+64]                     ; FF5040                  | kiln_memory32_grow
;; mov r15, qword ptr [r14+32]                 ; 4D8B7E20
;; ; wasm 0x88 i32.add
;; mov esi, dword ptr [rbp-16]                 ; 8B75F0
;; add esi, eax                                ; 01C6
;; ; wasm 0x89 end
;; mov rax, rsi                                ; 4889F0
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
;; func[4] $element (i32, i32) -> (i32):
;; mov r14, rdi                                ; 4989FE
;; mov r15, qword ptr [r14+32]                 ; 4D8B7E20
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 80                                 ; 4883EC50
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; ; wasm 0x8c local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x8e local.get
;; mov eax, dword ptr [rbp+24]                 ; 8B4518
;; ; wasm 0x90 i32.const
;; ; wasm 0x92 i32.shl
;; lea eax, [rsi+rax*4]                        ; 8D0486
;; ; wasm 0x93 i32.add (done by the instruction before)
;; ; wasm 0x94 i32.load
;; mov eax, dword ptr [r15+rax]                ; 418B0407
;; ; wasm 0x97 local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x99 local.get
;; mov ecx, dword ptr [rbp+24]                 ; 8B4D18
;; ; wasm 0x9b i32.const
;; ; wasm 0x9d i32.shl
;; shl ecx, 4                                  ; C1E104
;; ; wasm 0x9e i32.add
;; add esi, ecx                                ; 01CE
;; ; wasm 0x9f i32.load
;; mov esi, dword ptr [r15+rsi]                ; 418B3437
;; ; wasm 0xa2 i32.add
;; add eax, esi                                ; 01F0
;; ; wasm 0xa3 end
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
;; func[5] $walk (i32, i32) -> (i32):
;; mov r14, rdi                                ; 4989FE
;; mov r15, qword ptr [r14+32]                 ; 4D8B7E20
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
;; mov qword ptr [rbp-40], r13                 ; 4C896DD8
;; ; wasm 0xa8 loop
;; mov ebx, dword ptr [rbp+16]                 ; 8B5D10
;; mov r13d, dword ptr [rbp+24]                ; 448B6D18
;; align 16
;; L4:
;; ; wasm 0xaa local.get
;; ; wasm 0xac i32.load
;; mov ebx, dword ptr [r15+rbx]                ; 418B1C1F
;; ; wasm 0xaf local.set (done by the instruction before)
;; ; wasm 0xb1 local.get
;; ; wasm 0xb3 i32.const
;; ; wasm 0xb5 i32.add
;; lea r12d, [rbx+4]                           ; 448D6304
;; ; wasm 0xb6 local.set (done by the instruction before)
;; ; wasm 0xb8 local.get
;; ; wasm 0xba i32.load
;; mov esi, dword ptr [r15+r12]                ; 438B3427
;; ; wasm 0xbd local.get
;; ; wasm 0xbf i32.ne
;; cmp esi, r13d                               ; 4439EE
;; ; wasm 0xc0 br_if
;; short jne L4                                ; 75EF
;; ; wasm 0xc2 end
;; ; wasm 0xc3 local.get
;; ; wasm 0xc5 end
;; mov rax, rbx                                ; 4889D8
;; mov rbx, qword ptr [rbp-24]                 ; 488B5DE8
;; mov r12, qword ptr [rbp-32]                 ; 4C8B65E0
;; mov r13, qword ptr [rbp-40]                 ; 4C8B6DD8
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBA1
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
