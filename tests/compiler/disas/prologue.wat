;; kiln inspect --asm: prologues. Every function checks rsp - frame size
;; against the stack limit and traps StackOverflow out of line; called from
;; another instance it first adopts the caller's limit. Only the declared
;; locals some local.get may read before a set are zeroed ($few_locals'
;; $set is not), and they come first in the frame: with up to 16 declared
;; locals one by one, up to 128 words of them with 16-byte stores of a
;; zeroed xmm15, more with rep stosq; a frame of a page or
;; more is probed by kiln_probestack (frame size in rax) before rsp moves.
;; Two or more results are written above the return address.
(module
  (func $few_locals (result i32) (local i32 i64 f32) (local $set i32)
    (local.set $set (i32.const 5))
    (drop (local.get 1)) (drop (local.get 2)) (drop (local.get $set))
    (local.get 0))
  (func $many_locals (result i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (drop (local.get 3))
    (local.get 17))
  (func $big_frame (result i32)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (drop (local.get 0)) (drop (local.get 1)) (drop (local.get 2)) (drop (local.get 3)) (drop (local.get 4)) (drop (local.get 5))
    (drop (local.get 6)) (drop (local.get 7)) (drop (local.get 8)) (drop (local.get 9)) (drop (local.get 10)) (drop (local.get 11))
    (drop (local.get 12)) (drop (local.get 13)) (drop (local.get 14)) (drop (local.get 15)) (drop (local.get 16)) (drop (local.get 17))
    (drop (local.get 18)) (drop (local.get 19)) (drop (local.get 20)) (drop (local.get 21)) (drop (local.get 22)) (drop (local.get 23))
    (drop (local.get 24)) (drop (local.get 25)) (drop (local.get 26)) (drop (local.get 27)) (drop (local.get 28)) (drop (local.get 29))
    (drop (local.get 30)) (drop (local.get 31)) (drop (local.get 32)) (drop (local.get 33)) (drop (local.get 34)) (drop (local.get 35))
    (drop (local.get 36)) (drop (local.get 37)) (drop (local.get 38)) (drop (local.get 39)) (drop (local.get 40)) (drop (local.get 41))
    (drop (local.get 42)) (drop (local.get 43)) (drop (local.get 44)) (drop (local.get 45)) (drop (local.get 46)) (drop (local.get 47))
    (drop (local.get 48)) (drop (local.get 49)) (drop (local.get 50)) (drop (local.get 51)) (drop (local.get 52)) (drop (local.get 53))
    (drop (local.get 54)) (drop (local.get 55)) (drop (local.get 56)) (drop (local.get 57)) (drop (local.get 58)) (drop (local.get 59))
    (drop (local.get 60)) (drop (local.get 61)) (drop (local.get 62)) (drop (local.get 63)) (drop (local.get 64)) (drop (local.get 65))
    (drop (local.get 66)) (drop (local.get 67)) (drop (local.get 68)) (drop (local.get 69)) (drop (local.get 70)) (drop (local.get 71))
    (drop (local.get 72)) (drop (local.get 73)) (drop (local.get 74)) (drop (local.get 75)) (drop (local.get 76)) (drop (local.get 77))
    (drop (local.get 78)) (drop (local.get 79)) (drop (local.get 80)) (drop (local.get 81)) (drop (local.get 82)) (drop (local.get 83))
    (drop (local.get 84)) (drop (local.get 85)) (drop (local.get 86)) (drop (local.get 87)) (drop (local.get 88)) (drop (local.get 89))
    (drop (local.get 90)) (drop (local.get 91)) (drop (local.get 92)) (drop (local.get 93)) (drop (local.get 94)) (drop (local.get 95))
    (drop (local.get 96)) (drop (local.get 97)) (drop (local.get 98)) (drop (local.get 99)) (drop (local.get 100)) (drop (local.get 101))
    (drop (local.get 102)) (drop (local.get 103)) (drop (local.get 104)) (drop (local.get 105)) (drop (local.get 106)) (drop (local.get 107))
    (drop (local.get 108)) (drop (local.get 109)) (drop (local.get 110)) (drop (local.get 111)) (drop (local.get 112)) (drop (local.get 113))
    (drop (local.get 114)) (drop (local.get 115)) (drop (local.get 116)) (drop (local.get 117)) (drop (local.get 118)) (drop (local.get 119))
    (drop (local.get 120)) (drop (local.get 121)) (drop (local.get 122)) (drop (local.get 123)) (drop (local.get 124)) (drop (local.get 125))
    (drop (local.get 126)) (drop (local.get 127)) (drop (local.get 128)) (drop (local.get 129))
    (i32.const 0))
  (func $two_results (param i32) (result i32 i32)
    (local.get 0) (i32.const 1)))

;; expected:
;; func[0] $few_locals () -> (i32):
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
;; mov qword ptr [rbp-16], 0                   ; 48C745F000000000
;; mov qword ptr [rbp-24], 0                   ; 48C745E800000000
;; mov qword ptr [rbp-32], 0                   ; 48C745E000000000
;; ; wasm 0x2e i32.const
;; ; wasm 0x30 local.set
;; mov qword ptr [rbp-40], 5                   ; 48C745D805000000
;; ; wasm 0x32 local.get
;; mov rsi, qword ptr [rbp-24]                 ; 488B75E8
;; ; wasm 0x34 drop
;; ; wasm 0x35 local.get
;; movss xmm0, qword ptr [rbp-32]              ; F30F1045E0
;; ; wasm 0x37 drop
;; ; wasm 0x38 local.get
;; mov esi, dword ptr [rbp-40]                 ; 8B75D8
;; ; wasm 0x3a drop
;; ; wasm 0x3b local.get
;; mov esi, dword ptr [rbp-16]                 ; 8B75F0
;; ; wasm 0x3d end
;; mov rax, rsi                                ; 4889F0
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; short jmp L0                                ; EBA9
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[1] $many_locals () -> (i64):
;; mov r14, rdi                                ; 4989FE
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; cmp rsp, qword ptr [r14+8]                  ; 493B6608
;; jb L2                                       ; 0F82........
;; sub rsp, 192                                ; 4881ECC0000000
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; xorps xmm15, xmm15                          ; 450F57FF
;; movups xmmword ptr [rbp-24], xmm15          ; 440F117DE8
;; ; wasm 0x42 local.get
;; mov rsi, qword ptr [rbp-16]                 ; 488B75F0
;; ; wasm 0x44 drop
;; ; wasm 0x45 local.get
;; mov rsi, qword ptr [rbp-24]                 ; 488B75E8
;; ; wasm 0x47 end
;; mov rax, rsi                                ; 4889F0
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
;; func[2] $big_frame () -> (i32):
;; mov r14, rdi                                ; 4989FE
;; cmp rsi, rdi                                ; 4839FE
;; jne L1                                      ; 0F85........
;; L0:
;; push rbp                                    ; 55
;; mov rbp, rsp                                ; 4889E5
;; lea r11, qword ptr [rsp-48]                 ; 4C8D5C24D0
;; cmp r11, qword ptr [r14+8]                  ; 4D3B5E08
;; jb L2                                       ; 0F82........
;; mov eax, 4144                               ; B830100000
;; mov r11, qword ptr [r14]                    ; 4D8B1E
;; call qword ptr [r11+392]                    ; 41FF9388010000          | kiln_probestack
;; sub rsp, 4144                               ; 4881EC30100000
;; mov qword ptr [rbp-8], r14                  ; 4C8975F8
;; xor eax, eax                                ; 31C0
;; lea rdi, qword ptr [rbp-4104]               ; 488DBDF8EFFFFF
;; mov ecx, 512                                ; B900020000
;; rep stos qword ptr [rdi], rax               ; F348AB
;; ; wasm 0x4e local.get
;; mov rsi, qword ptr [rbp-16]                 ; 488B75F0
;; ; wasm 0x50 drop
;; ; wasm 0x51 local.get
;; mov rsi, qword ptr [rbp-24]                 ; 488B75E8
;; ; wasm 0x53 drop
;; ; wasm 0x54 local.get
;; mov rsi, qword ptr [rbp-32]                 ; 488B75E0
;; ; wasm 0x56 drop
;; ; wasm 0x57 local.get
;; mov rsi, qword ptr [rbp-40]                 ; 488B75D8
;; ; wasm 0x59 drop
;; ; wasm 0x5a local.get
;; mov rsi, qword ptr [rbp-48]                 ; 488B75D0
;; ; wasm 0x5c drop
;; ; wasm 0x5d local.get
;; mov rsi, qword ptr [rbp-56]                 ; 488B75C8
;; ; wasm 0x5f drop
;; ; wasm 0x60 local.get
;; mov rsi, qword ptr [rbp-64]                 ; 488B75C0
;; ; wasm 0x62 drop
;; ; wasm 0x63 local.get
;; mov rsi, qword ptr [rbp-72]                 ; 488B75B8
;; ; wasm 0x65 drop
;; ; wasm 0x66 local.get
;; mov rsi, qword ptr [rbp-80]                 ; 488B75B0
;; ; wasm 0x68 drop
;; ; wasm 0x69 local.get
;; mov rsi, qword ptr [rbp-88]                 ; 488B75A8
;; ; wasm 0x6b drop
;; ; wasm 0x6c local.get
;; mov rsi, qword ptr [rbp-96]                 ; 488B75A0
;; ; wasm 0x6e drop
;; ; wasm 0x6f local.get
;; mov rsi, qword ptr [rbp-104]                ; 488B7598
;; ; wasm 0x71 drop
;; ; wasm 0x72 local.get
;; mov rsi, qword ptr [rbp-112]                ; 488B7590
;; ; wasm 0x74 drop
;; ; wasm 0x75 local.get
;; mov rsi, qword ptr [rbp-120]                ; 488B7588
;; ; wasm 0x77 drop
;; ; wasm 0x78 local.get
;; mov rsi, qword ptr [rbp-128]                ; 488B7580
;; ; wasm 0x7a drop
;; ; wasm 0x7b local.get
;; mov rsi, qword ptr [rbp-136]                ; 488BB578FFFFFF
;; ; wasm 0x7d drop
;; ; wasm 0x7e local.get
;; mov rsi, qword ptr [rbp-144]                ; 488BB570FFFFFF
;; ; wasm 0x80 drop
;; ; wasm 0x81 local.get
;; mov rsi, qword ptr [rbp-152]                ; 488BB568FFFFFF
;; ; wasm 0x83 drop
;; ; wasm 0x84 local.get
;; mov rsi, qword ptr [rbp-160]                ; 488BB560FFFFFF
;; ; wasm 0x86 drop
;; ; wasm 0x87 local.get
;; mov rsi, qword ptr [rbp-168]                ; 488BB558FFFFFF
;; ; wasm 0x89 drop
;; ; wasm 0x8a local.get
;; mov rsi, qword ptr [rbp-176]                ; 488BB550FFFFFF
;; ; wasm 0x8c drop
;; ; wasm 0x8d local.get
;; mov rsi, qword ptr [rbp-184]                ; 488BB548FFFFFF
;; ; wasm 0x8f drop
;; ; wasm 0x90 local.get
;; mov rsi, qword ptr [rbp-192]                ; 488BB540FFFFFF
;; ; wasm 0x92 drop
;; ; wasm 0x93 local.get
;; mov rsi, qword ptr [rbp-200]                ; 488BB538FFFFFF
;; ; wasm 0x95 drop
;; ; wasm 0x96 local.get
;; mov rsi, qword ptr [rbp-208]                ; 488BB530FFFFFF
;; ; wasm 0x98 drop
;; ; wasm 0x99 local.get
;; mov rsi, qword ptr [rbp-216]                ; 488BB528FFFFFF
;; ; wasm 0x9b drop
;; ; wasm 0x9c local.get
;; mov rsi, qword ptr [rbp-224]                ; 488BB520FFFFFF
;; ; wasm 0x9e drop
;; ; wasm 0x9f local.get
;; mov rsi, qword ptr [rbp-232]                ; 488BB518FFFFFF
;; ; wasm 0xa1 drop
;; ; wasm 0xa2 local.get
;; mov rsi, qword ptr [rbp-240]                ; 488BB510FFFFFF
;; ; wasm 0xa4 drop
;; ; wasm 0xa5 local.get
;; mov rsi, qword ptr [rbp-248]                ; 488BB508FFFFFF
;; ; wasm 0xa7 drop
;; ; wasm 0xa8 local.get
;; mov rsi, qword ptr [rbp-256]                ; 488BB500FFFFFF
;; ; wasm 0xaa drop
;; ; wasm 0xab local.get
;; mov rsi, qword ptr [rbp-264]                ; 488BB5F8FEFFFF
;; ; wasm 0xad drop
;; ; wasm 0xae local.get
;; mov rsi, qword ptr [rbp-272]                ; 488BB5F0FEFFFF
;; ; wasm 0xb0 drop
;; ; wasm 0xb1 local.get
;; mov rsi, qword ptr [rbp-280]                ; 488BB5E8FEFFFF
;; ; wasm 0xb3 drop
;; ; wasm 0xb4 local.get
;; mov rsi, qword ptr [rbp-288]                ; 488BB5E0FEFFFF
;; ; wasm 0xb6 drop
;; ; wasm 0xb7 local.get
;; mov rsi, qword ptr [rbp-296]                ; 488BB5D8FEFFFF
;; ; wasm 0xb9 drop
;; ; wasm 0xba local.get
;; mov rsi, qword ptr [rbp-304]                ; 488BB5D0FEFFFF
;; ; wasm 0xbc drop
;; ; wasm 0xbd local.get
;; mov rsi, qword ptr [rbp-312]                ; 488BB5C8FEFFFF
;; ; wasm 0xbf drop
;; ; wasm 0xc0 local.get
;; mov rsi, qword ptr [rbp-320]                ; 488BB5C0FEFFFF
;; ; wasm 0xc2 drop
;; ; wasm 0xc3 local.get
;; mov rsi, qword ptr [rbp-328]                ; 488BB5B8FEFFFF
;; ; wasm 0xc5 drop
;; ; wasm 0xc6 local.get
;; mov rsi, qword ptr [rbp-336]                ; 488BB5B0FEFFFF
;; ; wasm 0xc8 drop
;; ; wasm 0xc9 local.get
;; mov rsi, qword ptr [rbp-344]                ; 488BB5A8FEFFFF
;; ; wasm 0xcb drop
;; ; wasm 0xcc local.get
;; mov rsi, qword ptr [rbp-352]                ; 488BB5A0FEFFFF
;; ; wasm 0xce drop
;; ; wasm 0xcf local.get
;; mov rsi, qword ptr [rbp-360]                ; 488BB598FEFFFF
;; ; wasm 0xd1 drop
;; ; wasm 0xd2 local.get
;; mov rsi, qword ptr [rbp-368]                ; 488BB590FEFFFF
;; ; wasm 0xd4 drop
;; ; wasm 0xd5 local.get
;; mov rsi, qword ptr [rbp-376]                ; 488BB588FEFFFF
;; ; wasm 0xd7 drop
;; ; wasm 0xd8 local.get
;; mov rsi, qword ptr [rbp-384]                ; 488BB580FEFFFF
;; ; wasm 0xda drop
;; ; wasm 0xdb local.get
;; mov rsi, qword ptr [rbp-392]                ; 488BB578FEFFFF
;; ; wasm 0xdd drop
;; ; wasm 0xde local.get
;; mov rsi, qword ptr [rbp-400]                ; 488BB570FEFFFF
;; ; wasm 0xe0 drop
;; ; wasm 0xe1 local.get
;; mov rsi, qword ptr [rbp-408]                ; 488BB568FEFFFF
;; ; wasm 0xe3 drop
;; ; wasm 0xe4 local.get
;; mov rsi, qword ptr [rbp-416]                ; 488BB560FEFFFF
;; ; wasm 0xe6 drop
;; ; wasm 0xe7 local.get
;; mov rsi, qword ptr [rbp-424]                ; 488BB558FEFFFF
;; ; wasm 0xe9 drop
;; ; wasm 0xea local.get
;; mov rsi, qword ptr [rbp-432]                ; 488BB550FEFFFF
;; ; wasm 0xec drop
;; ; wasm 0xed local.get
;; mov rsi, qword ptr [rbp-440]                ; 488BB548FEFFFF
;; ; wasm 0xef drop
;; ; wasm 0xf0 local.get
;; mov rsi, qword ptr [rbp-448]                ; 488BB540FEFFFF
;; ; wasm 0xf2 drop
;; ; wasm 0xf3 local.get
;; mov rsi, qword ptr [rbp-456]                ; 488BB538FEFFFF
;; ; wasm 0xf5 drop
;; ; wasm 0xf6 local.get
;; mov rsi, qword ptr [rbp-464]                ; 488BB530FEFFFF
;; ; wasm 0xf8 drop
;; ; wasm 0xf9 local.get
;; mov rsi, qword ptr [rbp-472]                ; 488BB528FEFFFF
;; ; wasm 0xfb drop
;; ; wasm 0xfc local.get
;; mov rsi, qword ptr [rbp-480]                ; 488BB520FEFFFF
;; ; wasm 0xfe drop
;; ; wasm 0xff local.get
;; mov rsi, qword ptr [rbp-488]                ; 488BB518FEFFFF
;; ; wasm 0x101 drop
;; ; wasm 0x102 local.get
;; mov rsi, qword ptr [rbp-496]                ; 488BB510FEFFFF
;; ; wasm 0x104 drop
;; ; wasm 0x105 local.get
;; mov rsi, qword ptr [rbp-504]                ; 488BB508FEFFFF
;; ; wasm 0x107 drop
;; ; wasm 0x108 local.get
;; mov rsi, qword ptr [rbp-512]                ; 488BB500FEFFFF
;; ; wasm 0x10a drop
;; ; wasm 0x10b local.get
;; mov rsi, qword ptr [rbp-520]                ; 488BB5F8FDFFFF
;; ; wasm 0x10d drop
;; ; wasm 0x10e local.get
;; mov rsi, qword ptr [rbp-528]                ; 488BB5F0FDFFFF
;; ; wasm 0x110 drop
;; ; wasm 0x111 local.get
;; mov rsi, qword ptr [rbp-536]                ; 488BB5E8FDFFFF
;; ; wasm 0x113 drop
;; ; wasm 0x114 local.get
;; mov rsi, qword ptr [rbp-544]                ; 488BB5E0FDFFFF
;; ; wasm 0x116 drop
;; ; wasm 0x117 local.get
;; mov rsi, qword ptr [rbp-552]                ; 488BB5D8FDFFFF
;; ; wasm 0x119 drop
;; ; wasm 0x11a local.get
;; mov rsi, qword ptr [rbp-560]                ; 488BB5D0FDFFFF
;; ; wasm 0x11c drop
;; ; wasm 0x11d local.get
;; mov rsi, qword ptr [rbp-568]                ; 488BB5C8FDFFFF
;; ; wasm 0x11f drop
;; ; wasm 0x120 local.get
;; mov rsi, qword ptr [rbp-576]                ; 488BB5C0FDFFFF
;; ; wasm 0x122 drop
;; ; wasm 0x123 local.get
;; mov rsi, qword ptr [rbp-584]                ; 488BB5B8FDFFFF
;; ; wasm 0x125 drop
;; ; wasm 0x126 local.get
;; mov rsi, qword ptr [rbp-592]                ; 488BB5B0FDFFFF
;; ; wasm 0x128 drop
;; ; wasm 0x129 local.get
;; mov rsi, qword ptr [rbp-600]                ; 488BB5A8FDFFFF
;; ; wasm 0x12b drop
;; ; wasm 0x12c local.get
;; mov rsi, qword ptr [rbp-608]                ; 488BB5A0FDFFFF
;; ; wasm 0x12e drop
;; ; wasm 0x12f local.get
;; mov rsi, qword ptr [rbp-616]                ; 488BB598FDFFFF
;; ; wasm 0x131 drop
;; ; wasm 0x132 local.get
;; mov rsi, qword ptr [rbp-624]                ; 488BB590FDFFFF
;; ; wasm 0x134 drop
;; ; wasm 0x135 local.get
;; mov rsi, qword ptr [rbp-632]                ; 488BB588FDFFFF
;; ; wasm 0x137 drop
;; ; wasm 0x138 local.get
;; mov rsi, qword ptr [rbp-640]                ; 488BB580FDFFFF
;; ; wasm 0x13a drop
;; ; wasm 0x13b local.get
;; mov rsi, qword ptr [rbp-648]                ; 488BB578FDFFFF
;; ; wasm 0x13d drop
;; ; wasm 0x13e local.get
;; mov rsi, qword ptr [rbp-656]                ; 488BB570FDFFFF
;; ; wasm 0x140 drop
;; ; wasm 0x141 local.get
;; mov rsi, qword ptr [rbp-664]                ; 488BB568FDFFFF
;; ; wasm 0x143 drop
;; ; wasm 0x144 local.get
;; mov rsi, qword ptr [rbp-672]                ; 488BB560FDFFFF
;; ; wasm 0x146 drop
;; ; wasm 0x147 local.get
;; mov rsi, qword ptr [rbp-680]                ; 488BB558FDFFFF
;; ; wasm 0x149 drop
;; ; wasm 0x14a local.get
;; mov rsi, qword ptr [rbp-688]                ; 488BB550FDFFFF
;; ; wasm 0x14c drop
;; ; wasm 0x14d local.get
;; mov rsi, qword ptr [rbp-696]                ; 488BB548FDFFFF
;; ; wasm 0x14f drop
;; ; wasm 0x150 local.get
;; mov rsi, qword ptr [rbp-704]                ; 488BB540FDFFFF
;; ; wasm 0x152 drop
;; ; wasm 0x153 local.get
;; mov rsi, qword ptr [rbp-712]                ; 488BB538FDFFFF
;; ; wasm 0x155 drop
;; ; wasm 0x156 local.get
;; mov rsi, qword ptr [rbp-720]                ; 488BB530FDFFFF
;; ; wasm 0x158 drop
;; ; wasm 0x159 local.get
;; mov rsi, qword ptr [rbp-728]                ; 488BB528FDFFFF
;; ; wasm 0x15b drop
;; ; wasm 0x15c local.get
;; mov rsi, qword ptr [rbp-736]                ; 488BB520FDFFFF
;; ; wasm 0x15e drop
;; ; wasm 0x15f local.get
;; mov rsi, qword ptr [rbp-744]                ; 488BB518FDFFFF
;; ; wasm 0x161 drop
;; ; wasm 0x162 local.get
;; mov rsi, qword ptr [rbp-752]                ; 488BB510FDFFFF
;; ; wasm 0x164 drop
;; ; wasm 0x165 local.get
;; mov rsi, qword ptr [rbp-760]                ; 488BB508FDFFFF
;; ; wasm 0x167 drop
;; ; wasm 0x168 local.get
;; mov rsi, qword ptr [rbp-768]                ; 488BB500FDFFFF
;; ; wasm 0x16a drop
;; ; wasm 0x16b local.get
;; mov rsi, qword ptr [rbp-776]                ; 488BB5F8FCFFFF
;; ; wasm 0x16d drop
;; ; wasm 0x16e local.get
;; mov rsi, qword ptr [rbp-784]                ; 488BB5F0FCFFFF
;; ; wasm 0x170 drop
;; ; wasm 0x171 local.get
;; mov rsi, qword ptr [rbp-792]                ; 488BB5E8FCFFFF
;; ; wasm 0x173 drop
;; ; wasm 0x174 local.get
;; mov rsi, qword ptr [rbp-800]                ; 488BB5E0FCFFFF
;; ; wasm 0x176 drop
;; ; wasm 0x177 local.get
;; mov rsi, qword ptr [rbp-808]                ; 488BB5D8FCFFFF
;; ; wasm 0x179 drop
;; ; wasm 0x17a local.get
;; mov rsi, qword ptr [rbp-816]                ; 488BB5D0FCFFFF
;; ; wasm 0x17c drop
;; ; wasm 0x17d local.get
;; mov rsi, qword ptr [rbp-824]                ; 488BB5C8FCFFFF
;; ; wasm 0x17f drop
;; ; wasm 0x180 local.get
;; mov rsi, qword ptr [rbp-832]                ; 488BB5C0FCFFFF
;; ; wasm 0x182 drop
;; ; wasm 0x183 local.get
;; mov rsi, qword ptr [rbp-840]                ; 488BB5B8FCFFFF
;; ; wasm 0x185 drop
;; ; wasm 0x186 local.get
;; mov rsi, qword ptr [rbp-848]                ; 488BB5B0FCFFFF
;; ; wasm 0x188 drop
;; ; wasm 0x189 local.get
;; mov rsi, qword ptr [rbp-856]                ; 488BB5A8FCFFFF
;; ; wasm 0x18b drop
;; ; wasm 0x18c local.get
;; mov rsi, qword ptr [rbp-864]                ; 488BB5A0FCFFFF
;; ; wasm 0x18e drop
;; ; wasm 0x18f local.get
;; mov rsi, qword ptr [rbp-872]                ; 488BB598FCFFFF
;; ; wasm 0x191 drop
;; ; wasm 0x192 local.get
;; mov rsi, qword ptr [rbp-880]                ; 488BB590FCFFFF
;; ; wasm 0x194 drop
;; ; wasm 0x195 local.get
;; mov rsi, qword ptr [rbp-888]                ; 488BB588FCFFFF
;; ; wasm 0x197 drop
;; ; wasm 0x198 local.get
;; mov rsi, qword ptr [rbp-896]                ; 488BB580FCFFFF
;; ; wasm 0x19a drop
;; ; wasm 0x19b local.get
;; mov rsi, qword ptr [rbp-904]                ; 488BB578FCFFFF
;; ; wasm 0x19d drop
;; ; wasm 0x19e local.get
;; mov rsi, qword ptr [rbp-912]                ; 488BB570FCFFFF
;; ; wasm 0x1a0 drop
;; ; wasm 0x1a1 local.get
;; mov rsi, qword ptr [rbp-920]                ; 488BB568FCFFFF
;; ; wasm 0x1a3 drop
;; ; wasm 0x1a4 local.get
;; mov rsi, qword ptr [rbp-928]                ; 488BB560FCFFFF
;; ; wasm 0x1a6 drop
;; ; wasm 0x1a7 local.get
;; mov rsi, qword ptr [rbp-936]                ; 488BB558FCFFFF
;; ; wasm 0x1a9 drop
;; ; wasm 0x1aa local.get
;; mov rsi, qword ptr [rbp-944]                ; 488BB550FCFFFF
;; ; wasm 0x1ac drop
;; ; wasm 0x1ad local.get
;; mov rsi, qword ptr [rbp-952]                ; 488BB548FCFFFF
;; ; wasm 0x1af drop
;; ; wasm 0x1b0 local.get
;; mov rsi, qword ptr [rbp-960]                ; 488BB540FCFFFF
;; ; wasm 0x1b2 drop
;; ; wasm 0x1b3 local.get
;; mov rsi, qword ptr [rbp-968]                ; 488BB538FCFFFF
;; ; wasm 0x1b5 drop
;; ; wasm 0x1b6 local.get
;; mov rsi, qword ptr [rbp-976]                ; 488BB530FCFFFF
;; ; wasm 0x1b8 drop
;; ; wasm 0x1b9 local.get
;; mov rsi, qword ptr [rbp-984]                ; 488BB528FCFFFF
;; ; wasm 0x1bb drop
;; ; wasm 0x1bc local.get
;; mov rsi, qword ptr [rbp-992]                ; 488BB520FCFFFF
;; ; wasm 0x1be drop
;; ; wasm 0x1bf local.get
;; mov rsi, qword ptr [rbp-1000]               ; 488BB518FCFFFF
;; ; wasm 0x1c1 drop
;; ; wasm 0x1c2 local.get
;; mov rsi, qword ptr [rbp-1008]               ; 488BB510FCFFFF
;; ; wasm 0x1c4 drop
;; ; wasm 0x1c5 local.get
;; mov rsi, qword ptr [rbp-1016]               ; 488BB508FCFFFF
;; ; wasm 0x1c7 drop
;; ; wasm 0x1c8 local.get
;; mov rsi, qword ptr [rbp-1024]               ; 488BB500FCFFFF
;; ; wasm 0x1ca drop
;; ; wasm 0x1cb local.get
;; mov rsi, qword ptr [rbp-1032]               ; 488BB5F8FBFFFF
;; ; wasm 0x1cd drop
;; ; wasm 0x1ce local.get
;; mov rsi, qword ptr [rbp-1040]               ; 488BB5F0FBFFFF
;; ; wasm 0x1d1 drop
;; ; wasm 0x1d2 local.get
;; mov rsi, qword ptr [rbp-1048]               ; 488BB5E8FBFFFF
;; ; wasm 0x1d5 drop
;; ; wasm 0x1d6 i32.const
;; ; wasm 0x1d8 end
;; mov eax, 0                                  ; B800000000
;; mov rsp, rbp                                ; 4889EC
;; pop rbp                                     ; 5D
;; ret                                         ; C3
;; L1:
;; mov r11, qword ptr [rsi+8]                  ; 4C8B5E08
;; mov qword ptr [r14+8], r11                  ; 4D895E08
;; jmp L0                                      ; E94AFCFFFF
;; L2:
;; mov edi, 0                                  ; BF00000000
;; mov rax, qword ptr [r14]                    ; 498B06
;; call qword ptr [rax+384]                    ; FF9080010000            | kiln_raise_trap
;;
;; func[3] $two_results (i32) -> (i32, i32):
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
;; ; wasm 0x1db local.get
;; mov esi, dword ptr [rbp+16]                 ; 8B7510
;; ; wasm 0x1dd i32.const
;; ; wasm 0x1df end
;; mov qword ptr [rbp+16], rsi                 ; 48897510
;; mov qword ptr [rbp+24], 1                   ; 48C7451801000000
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
