import dev.ecli.runner.symbolize.UserSymbols;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Cost of naming user addresses (bench/symbolize.sh runs it): 100k addresses drawn from the
 * executable mappings of process PID, named cold (empty caches: maps and ELF files read) and
 * warm (the same again). Prints ns per address beside the target.
 */
public class SymbolizeBench {
    public static void main(String[] args) throws Exception {
        int pid = Integer.parseInt(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        List<long[]> text = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/maps"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 6 && f[1].contains("x") && f[5].startsWith("/")) {
                String[] r = f[0].split("-");
                text.add(new long[] {Long.parseUnsignedLong(r[0], 16), Long.parseUnsignedLong(r[1], 16)});
            }
        }
        Random random = new Random(42);
        long[] addresses = new long[n];
        for (int i = 0; i < n; i++) {
            long[] r = text.get(random.nextInt(text.size()));
            addresses[i] = r[0] + (long) (random.nextDouble() * (r[1] - r[0]));
        }
        UserSymbols symbols = new UserSymbols();
        int named = 0;
        long t0 = System.nanoTime();
        for (long a : addresses) {
            named += symbols.name(pid, a).startsWith("[") ? 0 : 1;
        }
        long cold = System.nanoTime() - t0;
        t0 = System.nanoTime();
        for (long a : addresses) {
            symbols.name(pid, a);
        }
        long warm = System.nanoTime() - t0;
        System.out.printf("ecli-java  %d addresses in %d executable mappings, %d named%n", n, text.size(), named);
        System.out.printf("ecli-java  cold %.0f ns/address (%.1f ms in all)%n", (double) cold / n, cold / 1e6);
        System.out.printf("ecli-java  warm %.0f ns/address (%.1f ms in all)%n", (double) warm / n, warm / 1e6);
    }
}
