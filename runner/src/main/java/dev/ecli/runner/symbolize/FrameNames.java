package dev.ecli.runner.symbolize;

/**
 * The one rule for naming a stack's frames, whether the stack came from a stack-trace map or
 * inside an event: kernel frames from kallsyms, user frames from the process's mappings, and
 * with no process known, the address in hex. Keeps its own user-symbol caches. Not thread-safe.
 */
public final class FrameNames {
    private UserSymbols users;

    /**
     * The name of the frame at {@code address}, the {@code index}-th from the innermost (0). A
     * return address points after its call, so user frames past the first are looked up one
     * byte back, inside the call.
     * @param tgid the process whose user frames these are; below 1: none known
     */
    public String name(boolean kernel, int tgid, long address, int index) {
        if (kernel) {
            return KernelSymbols.shared().name(address);
        }
        if (tgid < 1) {
            return "0x" + Long.toHexString(address);
        }
        if (users == null) {
            users = new UserSymbols();
        }
        return users.name(tgid, index == 0 ? address : address - 1);
    }
}
