/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PSP driver tracepoints: one event per firmware command.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM sev_psp

#if !defined(_SEVL_PSP_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _SEVL_PSP_TRACE_H

#include <linux/tracepoint.h>

/*
 * sev_psp_cmd - a firmware command finished or was refused by the mailbox
 * @cmd: command id
 * @handle: guest handle for guest commands (after the command, so
 *	LAUNCH_START shows the new handle), else 0
 * @status: firmware status; 0xffffffff if the firmware never answered
 * @ret: errno returned to the caller
 * @latency_ns: time from writing cmdresp to seeing RESP (or giving up)
 */
TRACE_EVENT(sev_psp_cmd,
	    TP_PROTO(u32 cmd, u32 handle, u32 status, int ret, u64 latency_ns),
	    TP_ARGS(cmd, handle, status, ret, latency_ns),
	    TP_STRUCT__entry(__field(u32, cmd)
			     __field(u32, handle)
			     __field(u32, status)
			     __field(int, ret)
			     __field(u64, latency_ns)),
	    TP_fast_assign(__entry->cmd = cmd;
			   __entry->handle = handle;
			   __entry->status = status;
			   __entry->ret = ret;
			   __entry->latency_ns = latency_ns;),
	    TP_printk("cmd=%#x handle=%u status=%#x ret=%d latency_ns=%llu",
		      __entry->cmd, __entry->handle, __entry->status,
		      __entry->ret, (unsigned long long)__entry->latency_ns)
);

#endif /* _SEVL_PSP_TRACE_H */

/* Out of tree, the header is found through CFLAGS_mbox.o := -I$(src). */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
