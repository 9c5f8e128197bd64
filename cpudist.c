Tracing on-CPU time... Hit Ctrl-C to end.

