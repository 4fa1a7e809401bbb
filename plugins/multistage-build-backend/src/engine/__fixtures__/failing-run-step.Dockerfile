ARG BASE=busybox:1.36
FROM ${BASE}
RUN echo compiling && echo "cc: error: missing.c: No such file" >&2 && exit 2
