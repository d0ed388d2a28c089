# wasi_thread_start(tid, start): where every thread that wasi.thread-spawn
# starts begins, in a fresh instance of the module whose __stack_pointer still
# holds the initial value, the main thread's stack. It moves the stack pointer
# to the thread's own stack (the first field of parallel_wasi.c's
# thread_start) before calling into C, which is why it is not written in C:
# compiled C would touch the stack in its prologue.
	.globaltype	__stack_pointer, i32
	.functype	par_thread_main (i32, i32) -> ()
	.text
	.globl	wasi_thread_start
	.export_name	wasi_thread_start, wasi_thread_start
	.type	wasi_thread_start,@function
wasi_thread_start:
	.functype	wasi_thread_start (i32, i32) -> ()
	local.get	1
	i32.load	0
	global.set	__stack_pointer
	local.get	0
	local.get	1
	call	par_thread_main
	end_function
