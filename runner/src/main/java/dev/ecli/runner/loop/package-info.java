/**
 * The run loop: one epoll set over every exported map's reader, a stop wake-up and the
 * output's error state; every ready source drained after each wait and the sink flushed once
 * all are, so a lone event is written at once and a flood is written in batches. Timers
 * (sampled maps, drop checks, {@code --duration}) set the wait's timeout. Works on any
 * {@link dev.ecli.runner.consume.RecordSource}, so it is tested without the kernel's BPF.
 * It owns a run's vocabulary: {@link dev.ecli.runner.loop.Source} (a stream and its reader),
 * {@link dev.ecli.runner.loop.StopSignal} and {@link dev.ecli.runner.loop.StopReason},
 * {@link dev.ecli.runner.loop.Tallies}, {@link dev.ecli.runner.loop.Warnings},
 * {@link dev.ecli.runner.loop.RunStats} and {@link dev.ecli.runner.loop.Sampling}; the kernel
 * side ({@code session}) makes sources, the loop reads them.
 */
package dev.ecli.runner.loop;
