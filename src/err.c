/* err.c - names of error codes. */
#include "../include/loom.h"

const char *loom_strerror(int code)
{
	switch (code) {
	case LOOM_OK: return "success";
	case LOOM_ENOMEM: return "out of memory";
	case LOOM_EINVAL: return "invalid input";
	case LOOM_ETOOBIG: return "input too large";
	case LOOM_ENOTFOUND: return "not found";
	case LOOM_EDUPLICATE: return "duplicate id";
	case LOOM_EEMPTY: return "empty article";
	case LOOM_EBINARY: return "binary data, not text";
	case LOOM_EIO: return "input/output error";
	default: return "unknown error";
	}
}

const char *loom_copy_kind_name(loom_copy_kind kind)
{
	switch (kind) {
	case LOOM_COPY_EXACT: return "exact";
	case LOOM_COPY_NEAR: return "near";
	case LOOM_COPY_REWRITE: return "rewrite";
	default: return "none";
	}
}
