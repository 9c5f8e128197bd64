package dev.ecli.runner.output;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A flame graph as one self-contained SVG document, from folded stacks ({@code a;b;c COUNT}):
 * the root at the bottom, each frame as wide as its samples, callees above their callers,
 * siblings in name order; hovering a frame shows its name, samples and share (an SVG title).
 * Colours are warm for user frames and orange for kernel ones ({@code _[k]}), stable per name.
 */
final class FlameGraph {
    private static final int WIDTH = 1200, FRAME = 16, PAD = 10, TOP = 30;
    /** Frames narrower than this many pixels are left out, as flamegraph.pl does. */
    private static final double MIN_WIDTH = 0.1;

    /** One node of the merged call tree. */
    private static final class Node {
        final String name;
        long count;
        final Map<String, Node> children = new LinkedHashMap<>();

        Node(String name) {
            this.name = name;
        }
    }

    private FlameGraph() {}

    /** The SVG for {@code folded} (stack to count), titled {@code title}. */
    static byte[] svg(Map<String, Long> folded, String title) {
        Node root = new Node("all");
        for (Map.Entry<String, Long> e : folded.entrySet()) {
            Node n = root;
            n.count += e.getValue();
            for (String frame : e.getKey().split(";")) {
                n = n.children.computeIfAbsent(frame, Node::new);
                n.count += e.getValue();
            }
        }
        int depth = depth(root);
        int height = TOP + (depth + 1) * FRAME + PAD * 2;
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" standalone=\"no\"?>\n")
                .append("<svg version=\"1.1\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\" font-family=\"Verdana, sans-serif\" font-size=\"12\">\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"#f8f8f0\"/>\n")
                .append("<text x=\"").append(WIDTH / 2).append("\" y=\"20\" text-anchor=\"middle\" font-size=\"16\">")
                .append(escape(title)).append("</text>\n");
        double scale = root.count == 0 ? 0 : (WIDTH - 2.0 * PAD) / root.count;
        draw(sb, root, PAD, height - PAD - FRAME, scale, root.count);
        sb.append("</svg>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int depth(Node n) {
        int d = 0;
        for (Node c : n.children.values()) {
            d = Math.max(d, 1 + depth(c));
        }
        return d;
    }

    private static void draw(StringBuilder sb, Node n, double x, int y, double scale, long total) {
        double w = n.count * scale;
        if (w < MIN_WIDTH) {
            return;
        }
        String pct = String.format(Locale.ROOT, "%.2f", total == 0 ? 0 : 100.0 * n.count / total);
        sb.append("<g><title>").append(escape(n.name)).append(" (").append(n.count).append(" samples, ")
                .append(pct).append("%)</title>")
                .append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\""
                        + " rx=\"2\"/>", x, y, w, FRAME - 1, colour(n.name)));
        int chars = (int) ((w - 6) / 7);
        if (chars >= 3) {
            String label = n.name.length() <= chars ? n.name : n.name.substring(0, chars - 2) + "..";
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">", x + 3, y + FRAME - 4))
                    .append(escape(label)).append("</text>");
        }
        sb.append("</g>\n");
        List<Node> kids = new ArrayList<>(n.children.values());
        kids.sort((a, b) -> a.name.compareTo(b.name));
        double cx = x;
        for (Node c : kids) {
            draw(sb, c, cx, y - FRAME, scale, total);
            cx += c.count * scale;
        }
    }

    /** A warm colour, the same for a name every time; kernel frames a deeper orange. */
    private static String colour(String name) {
        int h = name.hashCode();
        boolean kernel = name.endsWith("_[k]");
        int r = kernel ? 230 : 205 + Math.floorMod(h, 50);
        int g = kernel ? 130 + Math.floorMod(h >> 8, 40) : 80 + Math.floorMod(h >> 8, 150);
        int b = Math.floorMod(h >> 16, 55);
        return String.format(Locale.ROOT, "rgb(%d,%d,%d)", r, g, b);
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c < 0x20 ? ' ' : c);
            }
        }
        return sb.toString();
    }
}
