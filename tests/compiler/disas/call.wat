;; kiln inspect --asm: calls. A direct call to a function of the module is a
;; `call rel32` to its direct entry (patched after placement) and reloads
;; nothing; a call to an import passes the callee's and the caller's vmctx and
;; reloads r14 and r15 after; call_indirect checks the table bounds, null and
;; the signature id first. Arguments go to the outgoing area at rsp; two or
;; more results come back there. The f64 local homed in xmm6 is stored to its
;; slot before each call (no XMM register survives one), and so is an i32
;; local homed in a register calls clobber; after the call they are loaded
;; again where next read or, as here, before the next branch. Parameters homed
;; in registers are loaded from their slots the same way: at the loop's entry.
(module
  (import "env" "log" (func $log (param i32)))
  (type $t (func (param i32) (result i32)))
  (table 2 funcref)
  (func $pair (param i32) (result i32 i64)
    (local.get 0) (i64.const 7))
  (func $caller (param i32) (result i64) (local $x i64)
    (call $log (local.get 0))
    (call $pair (local.get 0))
    (local.set $x)
    (drop)
    (local.get $x))
  (func $indirect (param i32 i32) (result i32)
    (call_indirect (type $t) (local.get 0) (local.get 1)))
  (func $sum (param $n i32) (result f64) (local $i i32) (local $s f64)
    (loop $l
      (local.set $s (f64.add (local.get $s) (f64.const 1)))
      (call $log (local.get $i))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $s))
  ;; $n is read once per iteration, as often as the call runs: a local weighing
  ;; more than half the calls gets a register that calls clobber (r10, after
  ;; the callee-saved rbx, r12 and r13 of the heavier $c, $a and $b), stored
  ;; and reloaded around the call.
  (func $half_the_calls (param $n i32) (result i32) (local $a i32) (local $b i32) (local $c i32)
    (loop $l
      (local.set $a (i32.add (local.get $a) (local.get $n)))
      (local.set $b (i32.xor (local.get $b) (local.get $a)))
      (call $log (local.get $c))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $c) (i32.const 100))))
    (local.get $b))
  ;; Only a function with tail calls reads r10, the size of the argument area
  ;; its caller provides: a direct call to it passes r10 (the calls above, to
  ;; $pair, do not).
  (func $tail (param i32) (result i32)
    (return_call $indirect (local.get 0) (i32.const 1)))
  (func $calls_tail (param i32) (result i32)
    (call $tail (local.get 0))))

;; expected:
;; func[1] $pair (i32) -> (i32, i64):
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
;; ; wasm 0x4d local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x4f i64.const
;; ; wasm 0x51 end
;; mov qword ptr [rbp+16], rsi                 ; 48897510
;; mov qword ptr [rbp+24], 7                   ; 48C7451807000000
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
;; func[2] $caller (i32) -> (i64):
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
;; ; wasm 0x56 local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x58 call
;; mov qword ptr [rsp], rsi                    ; 48893424
;; mov r10d, 2                                 ; 41BA02000000
;; mov rdi, qword ptr [r14+40]                 ; 498B7E28
;; mov rsi, r14                                ; 4C89F6
;; call qword ptr [r14+32]                     ; 41FF5620
;; mov r14, qword ptr [rbp-8]                  ; 4C8B75F8
;; ; wasm 0x5a local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x5c call
;; mov qword ptr [rsp], rsi                    ; 48893424
;; .db 0xE8, 0x00, 0x00, 0x00, 0x00
;; mov r11, qword ptr [rsp]                    ; 4C8B1C24
;; mov qword ptr [rbp-24], r11                 ; 4C895DE8
;; mov r11, qword ptr [rsp+8]                  ; 4C8B5C2408
;; mov qword ptr [rbp-32], r11                 ; 4C895DE0
;; ; wasm 0x5e local.set
;; mov r11, qword ptr [rbp-32]                 ; 4C8B5DE0
;; mov qword ptr [rbp-16], r11                 ; 4C895DF0
;; ; wasm 0x60 drop
;; ; wasm 0x61 local.get
;; mov rsi, qword ptr [rbp-16]                 ; 488B75F0
;; ; wasm 0x63 end
;; mov rax, rsi                                ; 4889F0
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
;;
;; func[3] $indirect (i32, i32) -> (i32):
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
;; ; wasm 0x66 local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x68 local.get
;; mov eax, dword ptr [rbp+24]                 ; 8B4518
;; ; wasm 0x6a call_indirect
;; mov qword ptr [rsp], rsi                    ; 48893424
;; cmp eax, dword ptr [r14+56]                 ; 413B4638
;; jae L4                                      ; 0F83........
;; mov r11, qword ptr [r14+48]                 ; 4D8B5E30
;; mov rax, qword ptr [r11+rax*8]              ; 498B04C3
;; test rax, rax                               ; 4885C0
;; jz L5                                       ; 0F84........
;; mov r11d, dword ptr [r14+64]                ; 458B5E40
;; cmp dword ptr [rax+8], r11d                 ; 44395808
;; jne L6                                      ; 0F85........
;; mov r10d, 2                                 ; 41BA02000000
;; mov rdi, qword ptr [rax+16]                 ; 488B7810
;; mov rsi, r14                                ; 4C89F6
;; call qword ptr [rax]                        ; FF10
;; mov r14, qword ptr [rbp-8]                  ; 4C8B75F8
;; ; wasm 0x6d end
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
;; L4:
;; mov edi, 3                                  ; BF03000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L5:
;; mov edi, 4                                  ; BF04000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; L6:
;; mov edi, 5                                  ; BF05000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[4] $sum (i32) -> (f64):
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
;; mov qword ptr [rbp-32], rbx                 ; 48895DE0
;; mov qword ptr [rbp-40], r12                 ; 4C8965D8
;; xor ebx, ebx                                ; 31DB
;; xorps xmm6, xmm6                            ; 0F57F6
;; ; wasm 0x74 loop
;; mov r12d, dword ptr [rbp+16]                ; 448B6510
;; align 16
;; L4:
;; ; wasm 0x76 local.get
;; ; wasm 0x78 f64.const
;; ; wasm 0x81 f64.add
;; movsd xmm0, qword ptr [L5]                  ; F20F1005........
;; addsd xmm6, xmm0                            ; F20F58F0
;; ; wasm 0x82 local.set (done by the instruction before)
;; ; wasm 0x84 local.get
;; ; wasm 0x86 call
;; mov qword ptr [rsp], rbx                    ; 48891C24
;; movsd qword ptr [rbp-24], xmm6              ; F20F1175E8
;; mov r10d, 2                                 ; 41BA02000000
;; mov rdi, qword ptr [r14+40]                 ; 498B7E28
;; mov rsi, r14                                ; 4C89F6
;; call qword ptr [r14+32]                     ; 41FF5620
;; mov r14, qword ptr [rbp-8]                  ; 4C8B75F8
;; ; wasm 0x88 local.get
;; ; wasm 0x8a i32.const
;; ; wasm 0x8c i32.add
;; add ebx, 1                                  ; 83C301
;; ; wasm 0x8d local.tee (done by the instruction before)
;; ; wasm 0x8f local.get
;; ; wasm 0x91 i32.lt_u
;; cmp ebx, r12d                               ; 4439E3
;; ; wasm 0x92 br_if
;; movsd xmm6, qword ptr [rbp-24]              ; F20F1075E8
;; short jb L4                                 ; 72C9
;; ; wasm 0x94 end
;; ; wasm 0x95 local.get
;; ; wasm 0x97 end
;; movaps xmm0, xmm6                           ; 0F28C6
;; mov rbx, qword ptr [rbp-32]                 ; 488B5DE0
;; mov r12, qword ptr [rbp-40]                 ; 4C8B65D8
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; jmp L0                                      ; E978FFFFFF
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;; align 8
;; L5:
;; .db 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0x3F
;;
;; func[5] $half_the_calls (i32) -> (i32):
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
;; mov qword ptr [rbp-40], rbx                 ; 48895DD8
;; mov qword ptr [rbp-48], r12                 ; 4C8965D0
;; mov qword ptr [rbp-56], r13                 ; 4C896DC8
;; xor r12d, r12d                              ; 4531E4
;; xor r13d, r13d                              ; 4531ED
;; xor ebx, ebx                                ; 31DB
;; ; wasm 0x9c loop
;; mov r10d, dword ptr [rbp+16]                ; 448B5510
;; align 16
;; L4:
;; ; wasm 0x9e local.get
;; ; wasm 0xa0 local.get
;; ; wasm 0xa2 i32.add
;; add r12d, r10d                              ; 4501D4
;; ; wasm 0xa3 local.set (done by the instruction before)
;; ; wasm 0xa5 local.get
;; ; wasm 0xa7 local.get
;; ; wasm 0xa9 i32.xor
;; xor r13d, r12d                              ; 4531E5
;; ; wasm 0xaa local.set (done by the instruction before)
;; ; wasm 0xac local.get
;; ; wasm 0xae call
;; mov qword ptr [rsp], rbx                    ; 48891C24
;; mov qword ptr [rbp+16], r10                 ; 4C895510
;; mov r10d, 2                                 ; 41BA02000000
;; mov rdi, qword ptr [r14+40]                 ; 498B7E28
;; mov rsi, r14                                ; 4C89F6
;; call qword ptr [r14+32]                     ; 41FF5620
;; mov r14, qword ptr [rbp-8]                  ; 4C8B75F8
;; ; wasm 0xb0 local.get
;; ; wasm 0xb2 i32.const
;; ; wasm 0xb4 i32.add
;; add ebx, 1                                  ; 83C301
;; ; wasm 0xb5 local.set (done by the instruction before)
;; ; wasm 0xb7 local.get
;; ; wasm 0xb9 i32.const
;; ; wasm 0xbc i32.lt_u
;; cmp ebx, 100                                ; 83FB64
;; ; wasm 0xbd br_if
;; mov r10d, dword ptr [rbp+16]                ; 448B5510
;; short jb L4                                 ; 72D1
;; ; wasm 0xbf end
;; ; wasm 0xc0 local.get
;; ; wasm 0xc2 end
;; mov rax, r13                                ; 4C89E8
;; mov rbx, qword ptr [rbp-40]                 ; 488B5DD8
;; mov r12, qword ptr [rbp-48]                 ; 4C8B65D0
;; mov r13, qword ptr [rbp-56]                 ; 4C8B6DC8
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; jmp L0                                      ; E97CFFFFFF
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[6] $tail (i32) -> (i32):
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
;; mov qword ptr [rbp-16], r10                 ; 4C8955F0
;; ; wasm 0xc5 local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0xc7 i32.const
;; ; wasm 0xc9 return_call
;; mov qword ptr [rsp], rsi                    ; 48893424
;; mov qword ptr [rsp+8], 1                    ; 48C744240801000000
;; cmp qword ptr [rbp-16], 2                   ; 48837DF002
;; jb L4                                       ; 0F82........
;; mov r10, qword ptr [rbp-16]                 ; 4C8B55F0
;; mov r11, qword ptr [rsp]                    ; 4C8B1C24
;; mov qword ptr [rbp+16], r11                 ; 4C895D10
;; mov r11, qword ptr [rsp+8]                  ; 4C8B5C2408
;; mov qword ptr [rbp+24], r11                 ; 4C895D18
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; .db 0xE9, 0x00, 0x00, 0x00, 0x00
;; L4:
;; .db 0xE8, 0x00, 0x00, 0x00, 0x00
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EB99
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[7] $calls_tail (i32) -> (i32):
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
;; ; wasm 0xce local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0xd0 call
;; mov qword ptr [rsp], rsi                    ; 48893424
;; mov r10d, 2                                 ; 41BA02000000
;; .db 0xE8, 0x00, 0x00, 0x00, 0x00
;; mov r14, qword ptr [rbp-8]                  ; 4C8B75F8
;; ; wasm 0xd2 end
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
