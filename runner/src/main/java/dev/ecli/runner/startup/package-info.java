/**
 * Where start-up time goes: {@link dev.ecli.runner.startup.StartupTrace} prints each phase's
 * time on stderr when {@code ECLI_STARTUP_TRACE} is set (bench/startup-phases.sh reads it).
 */
package dev.ecli.runner.startup;
