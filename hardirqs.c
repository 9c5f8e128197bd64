Tracing hard irq event time... Hit Ctrl-C to end.

HARDIRQ                    TOTAL_usecs
virtio1-req.0                      189
virtio3-tx                          27
virtio4-input                        3
virtio0-stats                       12
