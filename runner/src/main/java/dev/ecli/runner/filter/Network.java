package dev.ecli.runner.filter;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network ({@code 10.0.0.0/8}, {@code fe80::/10}; a bare address is a network
 * of one) that a filter matches addresses against. IPv4-mapped IPv6 addresses
 * ({@code ::ffff:10.1.2.3}) count as the IPv4 address they carry. Immutable.
 */
final class Network {
    /** Only dotted quads: {@code InetAddress} would also take {@code 10} or {@code 10.1}. */
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    /** The first 12 bytes of an IPv4-mapped IPv6 address. */
    private static final byte[] MAPPED = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private final byte[] prefix;
    private final int bits;

    private Network(byte[] prefix, int bits) {
        this.prefix = prefix;
        this.bits = bits;
    }

    /** {@code text} as a network, or empty when it is no address or {@code ADDRESS/BITS}. */
    static Optional<Network> parse(String text) {
        int slash = text.indexOf('/');
        byte[] addr = address(slash < 0 ? text : text.substring(0, slash));
        if (addr == null) {
            return Optional.empty();
        }
        int bits = addr.length * 8;
        // ::ffff:10.0.0.0/104 is 10.0.0.0/8: the mapped prefix's 96 bits are not in the IPv4 address.
        int mappedBits = addr.length == 4 && text.indexOf(':') >= 0 ? 96 : 0;
        if (slash >= 0) {
            String b = text.substring(slash + 1);
            if (!b.matches("\\d{1,3}") || Integer.parseInt(b) < mappedBits || Integer.parseInt(b) - mappedBits > bits) {
                return Optional.empty();
            }
            bits = Integer.parseInt(b) - mappedBits;
        }
        return Optional.of(new Network(addr, bits));
    }

    /** The bytes of an address literal, 4 for IPv4 (mapped ones too), 16 for IPv6; null for none. */
    static byte[] address(String text) {
        if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
            return null;
        }
        byte[] b;
        try {
            b = InetAddress.ofLiteral(text).getAddress();
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (b.length == 16 && Arrays.equals(b, 0, 12, MAPPED, 0, 12)) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        return b;
    }

    /** Whether {@code addr} (as {@link #address} gives it; null for none) is in this network. */
    boolean contains(byte[] addr) {
        if (addr == null || addr.length != prefix.length) {
            return false;
        }
        int whole = bits / 8;
        if (!Arrays.equals(addr, 0, whole, prefix, 0, whole)) {
            return false;
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (addr[whole] & mask) == (prefix[whole] & mask);
    }

    /** Whether this is an IPv4 network (else IPv6). */
    boolean ipv4() {
        return prefix.length == 4;
    }
}
